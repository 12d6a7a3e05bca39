package io.obd4j.daemon.backing;

/** A backing-image request failed; {@link #kind()} picks the HTTP status. */
public final class BackingImageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Failure classes. */
    public enum Kind {
        /** Malformed request: 400. */
        BAD_REQUEST,
        /** No such backing image: 404. */
        NOT_FOUND,
        /** Exists already, in use by a volume, or not ready: 409. */
        CONFLICT,
        /** Transfer, verification or import failed: 422. */
        FAILED
    }

    private final Kind kind;

    public BackingImageException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public BackingImageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status for this failure. */
    public int httpStatus() {
        switch (kind) {
            case BAD_REQUEST:
                return 400;
            case NOT_FOUND:
                return 404;
            case CONFLICT:
                return 409;
            default:
                return 422;
        }
    }
}
