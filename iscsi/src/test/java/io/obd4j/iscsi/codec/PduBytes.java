package io.obd4j.iscsi.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Builds initiator PDUs as raw bytes for tests (headers set field by field, padding and digests computed). */
public final class PduBytes {
    private final ByteBuf bhs = Unpooled.buffer(Bhs.LENGTH).writeZero(Bhs.LENGTH);
    private byte[] ahs = new byte[0];
    private byte[] data = new byte[0];

    public static PduBytes of(Opcode opcode, int flags) {
        PduBytes p = new PduBytes();
        p.bhs.setByte(Bhs.OPCODE, opcode.code());
        p.bhs.setByte(Bhs.FLAGS, flags);
        return p;
    }

    public PduBytes immediate() {
        bhs.setByte(Bhs.OPCODE, bhs.getByte(Bhs.OPCODE) | Bhs.IMMEDIATE_BIT);
        return this;
    }

    public PduBytes intAt(int offset, int value) {
        bhs.setInt(offset, value);
        return this;
    }

    public PduBytes byteAt(int offset, int value) {
        bhs.setByte(offset, value);
        return this;
    }

    public PduBytes longAt(int offset, long value) {
        bhs.setLong(offset, value);
        return this;
    }

    public PduBytes bytesAt(int offset, byte[] value) {
        bhs.setBytes(offset, value);
        return this;
    }

    public PduBytes ahs(byte[] value) {
        ahs = value;
        bhs.setByte(Bhs.TOTAL_AHS_LENGTH, value.length / 4);
        return this;
    }

    public PduBytes data(byte[] value) {
        data = value;
        return this;
    }

    public byte[] encode(boolean headerDigest, boolean dataDigest) {
        Bhs.setDataSegmentLength(bhs, data.length);
        Crc32cDigest crc = new Crc32cDigest();
        ByteBuf out = Unpooled.buffer();
        out.writeBytes(bhs, 0, Bhs.LENGTH).writeBytes(ahs);
        if (headerDigest) {
            Crc32cDigest.write(out, crc.compute(out, 0, out.writerIndex()));
        }
        int start = out.writerIndex();
        out.writeBytes(data).writeZero(Bhs.padding(data.length));
        if (dataDigest && data.length > 0) {
            Crc32cDigest.write(out, crc.compute(out, start, out.writerIndex() - start));
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    public byte[] encode() {
        return encode(false, false);
    }
}
