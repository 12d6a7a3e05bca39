package io.obd4j.daemon.snapshot;

/**
 * A snapshot request failed. {@link #status()} is the HTTP status; {@link #retriable()} tells the caller whether the
 * same request may succeed later (a busy or interrupted snapshot, an I/O failure) or never will (bad name, read-only
 * volume, unknown source).
 */
public final class SnapshotException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean retriable;

    public SnapshotException(int status, boolean retriable, String message) {
        this(status, retriable, message, null);
    }

    public SnapshotException(int status, boolean retriable, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retriable = retriable;
    }

    public int status() {
        return status;
    }

    public boolean retriable() {
        return retriable;
    }
}
