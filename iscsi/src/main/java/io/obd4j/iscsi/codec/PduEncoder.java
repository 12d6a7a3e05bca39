package io.obd4j.iscsi.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes an {@link OutboundPdu}: header (+ header digest), then the data segment as it is (no copy), then padding
 * and the data digest. The pieces go out as separate buffers and are gathered by the transport. Ownership of the
 * PDU's buffers passes to the transport.
 */
public final class PduEncoder extends MessageToMessageEncoder<OutboundPdu> {
    private static final byte[] ZEROS = new byte[4];

    private final CodecSettings settings;
    private final Crc32cDigest digest = new Crc32cDigest();

    public PduEncoder(CodecSettings settings) {
        super(OutboundPdu.class);
        this.settings = settings;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OutboundPdu pdu, List<Object> out) {
        ByteBuf bhs = pdu.bhs();
        ByteBuf data = pdu.data();
        int length = data.readableBytes();
        Bhs.setDataSegmentLength(bhs, length);
        if (settings.headerDigest()) {
            int crc = digest.compute(bhs, bhs.readerIndex(), Bhs.LENGTH);
            ByteBuf header = ctx.alloc().directBuffer(Bhs.LENGTH + 4);
            header.writeBytes(bhs, bhs.readerIndex(), Bhs.LENGTH);
            Crc32cDigest.write(header, crc);
            bhs.release();
            out.add(header);
        } else {
            out.add(bhs);
        }
        if (length == 0) {
            data.release();
            return;
        }
        out.add(data);
        int pad = Bhs.padding(length);
        boolean withDigest = settings.dataDigest();
        if (pad == 0 && !withDigest) {
            return;
        }
        ByteBuf tail = ctx.alloc().directBuffer(pad + 4);
        tail.writeBytes(ZEROS, 0, pad);
        if (withDigest) {
            // data now belongs to out; it is still readable until the transport writes it
            digest.reset();
            digest.update(data, data.readerIndex(), length);
            digest.updateZeros(pad);
            Crc32cDigest.write(tail, digest.value());
        }
        out.add(tail);
    }
}
