package io.obd4j.iscsi.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A PDU the target sends: a 48-byte basic header and an optional data segment (no padding, no digest: the encoder
 * adds them). {@link #statSn()} tells the connection how this PDU uses StatSN when it stamps the sequence numbers.
 */
public final class OutboundPdu {
    /** How a target PDU uses the connection's StatSN (RFC 7143 section 4.2.2.2). */
    public enum StatSnUse {
        /** The field is reserved (Data-In without status). */
        NONE,
        /** Carries the next StatSN without consuming it (R2T, unsolicited NOP-In). */
        PEEK,
        /** Carries a status and consumes a StatSN. */
        ADVANCE
    }

    private final ByteBuf bhs;
    private final ByteBuf data;
    private final StatSnUse statSn;

    public OutboundPdu(ByteBuf bhs, ByteBuf data, StatSnUse statSn) {
        this.bhs = bhs;
        this.data = data == null ? Unpooled.EMPTY_BUFFER : data;
        this.statSn = statSn;
        Bhs.setDataSegmentLength(bhs, this.data.readableBytes());
    }

    public ByteBuf bhs() {
        return bhs;
    }

    public ByteBuf data() {
        return data;
    }

    public StatSnUse statSn() {
        return statSn;
    }

    public Opcode opcode() {
        return Opcode.of(Bhs.opcode(bhs));
    }

    public void release() {
        bhs.release();
        data.release();
    }
}
