package io.obd4j.core.prefetch;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a device's prefetch is doing, for the API and metrics. Ranges are replay reads (records split at 1 MiB);
 * {@code failed} ones read fewer bytes than asked or threw, {@code skipped} ones name a layer the device has not.
 */
public final class PrefetchProgress {
    /** Lifecycle of one replay. */
    public enum State { PLANNING, RUNNING, DONE, CANCELLED, FAILED }

    private final String mode;
    private volatile State state = State.PLANNING;
    private volatile long rangesTotal;
    private volatile String error = "";
    private volatile long startNanos = System.nanoTime();
    private volatile long elapsedMillis = -1;
    final LongAdder rangesDone = new LongAdder();
    final LongAdder bytesDone = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder skipped = new LongAdder();

    public PrefetchProgress(String mode) {
        this.mode = mode;
    }

    /** {@code trace} or {@code filelist}. */
    public String mode() {
        return mode;
    }

    public State state() {
        return state;
    }

    /** True once the replay has ended, in any way. */
    public boolean finished() {
        State s = state;
        return s == State.DONE || s == State.CANCELLED || s == State.FAILED;
    }

    public long rangesTotal() {
        return rangesTotal;
    }

    public long rangesDone() {
        return rangesDone.sum();
    }

    public long bytesDone() {
        return bytesDone.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long skipped() {
        return skipped.sum();
    }

    /** Why planning failed, or "". */
    public String error() {
        return error;
    }

    /** Wall time from start to the end of the replay, or -1 while it runs. */
    public long elapsedMillis() {
        return elapsedMillis;
    }

    void running(long total) {
        rangesTotal = total;
        state = State.RUNNING;
    }

    void end(State s, String why) {
        error = why;
        elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
        state = s;
    }

    @Override
    public String toString() {
        return mode + " " + state + ": " + rangesDone() + "/" + rangesTotal + " ranges, " + bytesDone() + " bytes, "
                + failed() + " failed, " + skipped() + " skipped";
    }
}
