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
    private volatile long resumedFrom;
    private volatile long startedNanos;
    private volatile long endedNanos;

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

    /**
     * Bytes per second of the current (or last) attempt since it started, counting only bytes it fetched; 0 before
     * the first attempt.
     */
    public double bytesPerSecond() {
        long t = startedNanos;
        if (t == 0) {
            return 0;
        }
        long end = endedNanos;
        long elapsed = (end != 0 ? end : System.nanoTime()) - t;
        return elapsed <= 0 ? 0 : (bytesDone - resumedFrom) * 1e9 / elapsed;
    }

    void started(long fromOffset, long nanos) {
        resumedFrom = fromOffset;
        bytesDone = fromOffset;
        startedNanos = nanos;
        endedNanos = 0;
    }

    void state(State s) {
        if (s == State.VERIFYING) {
            endedNanos = System.nanoTime();
        }
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
