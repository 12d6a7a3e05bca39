package io.obd4j.registry.download;

/** Where the background download of one layer stands; read by the daemon's metrics and status API. */
public final class DownloadProgress {
    /** States in the order a successful download passes them. */
    public enum State { WAITING, DOWNLOADING, VERIFYING, DONE, RETRY_PENDING, FAILED }

    private final long bytesTotal;
    private volatile State state = State.WAITING;
    private volatile long bytesDone;
    private volatile int attempts;
    private volatile String lastError = "";

    public DownloadProgress(long bytesTotal) {
        this.bytesTotal = bytesTotal;
    }

    public State state() {
        return state;
    }

    public long bytesDone() {
        return bytesDone;
    }

    public long bytesTotal() {
        return bytesTotal;
    }

    /** Download attempts started (each one counts against {@code tryCnt}). */
    public int attempts() {
        return attempts;
    }

    /** Why the last attempt failed, or empty. */
    public String lastError() {
        return lastError;
    }

    void state(State s) {
        state = s;
    }

    void bytesDone(long b) {
        bytesDone = b;
    }

    void attemptStarted() {
        attempts++;
    }

    void failed(String why) {
        lastError = why;
    }

    @Override
    public String toString() {
        return state + " " + bytesDone + "/" + bytesTotal + " bytes, attempt " + attempts
                + (lastError.isEmpty() ? "" : ", last error: " + lastError);
    }
}
