package io.obd4j.iscsi.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One framed PDU from an initiator: the basic header, the additional header segments and the data segment (padding
 * and digests already checked and removed). Owns retained slices of the receive buffer: call {@link #release()}.
 */
public final class Pdu {
    private final ByteBuf bhs;
    private final ByteBuf ahs;
    private final ByteBuf data;

    public Pdu(ByteBuf bhs, ByteBuf ahs, ByteBuf data) {
        this.bhs = bhs;
        this.ahs = ahs;
        this.data = data;
    }

    /** Opcode, or null when the 6-bit code is not one RFC 7143 defines. */
    public Opcode opcode() {
        return Opcode.of(Bhs.opcode(bhs));
    }

    public int rawOpcode() {
        return Bhs.opcode(bhs);
    }

    public boolean immediate() {
        return Bhs.immediate(bhs);
    }

    public int flags() {
        return Bhs.flags(bhs);
    }

    public boolean finalBit() {
        return (flags() & Bhs.FINAL_BIT) != 0;
    }

    public int initiatorTaskTag() {
        return bhs.getInt(Bhs.INITIATOR_TASK_TAG);
    }

    public long lun() {
        return bhs.getLong(Bhs.LUN);
    }

    /** Big-endian 32-bit field at a {@link Bhs} offset. */
    public int field(int offset) {
        return bhs.getInt(offset);
    }

    public int byteField(int offset) {
        return bhs.getUnsignedByte(offset);
    }

    public int shortField(int offset) {
        return bhs.getUnsignedShort(offset);
    }

    public ByteBuf bhs() {
        return bhs;
    }

    public ByteBuf ahs() {
        return ahs;
    }

    public ByteBuf data() {
        return data;
    }

    public int dataLength() {
        return data.readableBytes();
    }

    /** A heap copy of the basic header, as a Reject PDU carries it. */
    public ByteBuf copyHeader() {
        return Unpooled.copiedBuffer(bhs.duplicate().setIndex(0, Bhs.LENGTH));
    }

    public void release() {
        bhs.release();
        ahs.release();
        data.release();
    }

    @Override
    public String toString() {
        Opcode op = opcode();
        return (op == null ? "opcode 0x" + Integer.toHexString(rawOpcode()) : op.name())
            + " itt=0x" + Integer.toHexString(initiatorTaskTag()) + " data=" + dataLength();
    }
}
