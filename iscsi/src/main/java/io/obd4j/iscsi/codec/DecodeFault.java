package io.obd4j.iscsi.codec;

import io.netty.buffer.ByteBuf;

/**
 * What the decoder passes on instead of a PDU it could not accept: the reason to put in a Reject, a copy of the
 * offending basic header (the Reject's data segment), and whether framing is lost so the connection must close.
 */
public final class DecodeFault {
    private final PduException cause;
    private final ByteBuf header;

    public DecodeFault(PduException cause, ByteBuf header) {
        this.cause = cause;
        this.header = header;
    }

    public PduException cause() {
        return cause;
    }

    public RejectReason reason() {
        return cause.reason();
    }

    public boolean fatal() {
        return cause.fatal();
    }

    /** Heap copy of the 48-byte basic header of the refused PDU. */
    public ByteBuf header() {
        return header;
    }

    public int rawOpcode() {
        return Bhs.opcode(header);
    }

    public int initiatorTaskTag() {
        return header.getInt(Bhs.INITIATOR_TASK_TAG);
    }
}
