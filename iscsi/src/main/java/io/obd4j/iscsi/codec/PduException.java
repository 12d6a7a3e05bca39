package io.obd4j.iscsi.codec;

/**
 * A PDU that breaks RFC 7143: the message names the field, what was expected and what was found. {@link #fatal()}
 * tells whether the connection must be dropped (framing can no longer be trusted) or a Reject is enough.
 */
public class PduException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;
    private final boolean fatal;

    public PduException(RejectReason reason, boolean fatal, String field, String expected, Object found) {
        super(field + ": expected " + expected + ", found " + found);
        this.reason = reason;
        this.fatal = fatal;
    }

    public RejectReason reason() {
        return reason;
    }

    public boolean fatal() {
        return fatal;
    }
}
