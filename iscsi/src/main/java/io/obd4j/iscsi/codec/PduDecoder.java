package io.obd4j.iscsi.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames the byte stream from an initiator into {@link Pdu}s: basic header, AHS, optional header digest, data
 * segment, padding, optional data digest. Checks the header digest before trusting any length, refuses data segments
 * over the negotiated MaxRecvDataSegmentLength and data digests that do not match; each problem becomes a
 * {@link DecodeFault} (logged here). After a fatal fault (framing lost) the rest of the input is discarded.
 */
public final class PduDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(PduDecoder.class);

    private enum State { BHS, HEADER, DATA, DISCARD }

    private final CodecSettings settings;
    private final Crc32cDigest digest = new Crc32cDigest();
    private State state = State.BHS;
    private int headerLength;
    private int ahsLength;
    private int dataLength;
    private boolean dataDigest;
    private ByteBuf bhs;
    private ByteBuf ahs;

    public PduDecoder(CodecSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case BHS:
                if (in.readableBytes() < Bhs.LENGTH) {
                    return;
                }
                ahsLength = in.getUnsignedByte(in.readerIndex() + Bhs.TOTAL_AHS_LENGTH) * 4;
                headerLength = Bhs.LENGTH + ahsLength + (settings.headerDigest() ? 4 : 0);
                state = State.HEADER;
                // fall through
            case HEADER:
                if (in.readableBytes() < headerLength || !readHeader(ctx, in, out)) {
                    return;
                }
                state = State.DATA;
                // fall through
            case DATA:
                int padded = dataLength + Bhs.padding(dataLength);
                int total = padded + (dataDigest ? 4 : 0);
                if (in.readableBytes() < total) {
                    return;
                }
                readData(ctx, in, padded, out);
                state = State.BHS;
                return;
            case DISCARD:
            default:
                in.skipBytes(in.readableBytes());
        }
    }

    private boolean readHeader(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        if (settings.headerDigest()) {
            int expected = digest.compute(in, start, Bhs.LENGTH + ahsLength);
            int found = Crc32cDigest.read(in, start + Bhs.LENGTH + ahsLength);
            if (expected != found) {
                fault(ctx, in, start, out, new PduException(RejectReason.PROTOCOL_ERROR, true, "header digest",
                    hex(expected), hex(found)));
                return false;
            }
        }
        dataLength = in.getUnsignedMedium(start + Bhs.DATA_SEGMENT_LENGTH);
        if (dataLength > settings.maxRecvDataSegmentLength()) {
            fault(ctx, in, start, out, new PduException(RejectReason.PROTOCOL_ERROR, true, "DataSegmentLength",
                "<= MaxRecvDataSegmentLength " + settings.maxRecvDataSegmentLength(), dataLength));
            return false;
        }
        dataDigest = settings.dataDigest() && dataLength > 0;
        bhs = in.readRetainedSlice(Bhs.LENGTH);
        ahs = ahsLength > 0 ? in.readRetainedSlice(ahsLength) : Unpooled.EMPTY_BUFFER;
        if (settings.headerDigest()) {
            in.skipBytes(4);
        }
        return true;
    }

    private void readData(ChannelHandlerContext ctx, ByteBuf in, int padded, List<Object> out) {
        int start = in.readerIndex();
        if (dataDigest) {
            int expected = digest.compute(in, start, padded);
            int found = Crc32cDigest.read(in, start + padded);
            if (expected != found) {
                in.skipBytes(padded + 4);
                ByteBuf header = Unpooled.copiedBuffer(bhs);
                releaseHeader();
                PduException e = new PduException(RejectReason.DATA_DIGEST_ERROR, false, "data digest",
                    hex(expected), hex(found));
                log(ctx, header, e);
                out.add(new DecodeFault(e, header));
                return;
            }
        }
        ByteBuf data = dataLength > 0 ? in.readRetainedSlice(dataLength) : Unpooled.EMPTY_BUFFER;
        in.skipBytes(padded - dataLength + (dataDigest ? 4 : 0));
        Pdu pdu = new Pdu(bhs, ahs, data);
        bhs = null;
        ahs = null;
        out.add(pdu);
    }

    private void fault(ChannelHandlerContext ctx, ByteBuf in, int start, List<Object> out, PduException e) {
        ByteBuf header = Unpooled.copiedBuffer(in.slice(start, Bhs.LENGTH));
        log(ctx, header, e);
        state = State.DISCARD;
        in.skipBytes(in.readableBytes());
        out.add(new DecodeFault(e, header));
    }

    private static void log(ChannelHandlerContext ctx, ByteBuf header, PduException e) {
        LOG.warn("{}: refused PDU opcode 0x{} itt 0x{}: {}{}", ctx.channel().remoteAddress(),
            Integer.toHexString(Bhs.opcode(header)), Integer.toHexString(header.getInt(Bhs.INITIATOR_TASK_TAG)),
            e.getMessage(), e.fatal() ? " (closing connection)" : "");
    }

    private void releaseHeader() {
        if (bhs != null) {
            bhs.release();
            ahs.release();
            bhs = null;
            ahs = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseHeader();
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
