package io.obd4j.core.metrics;

import java.util.function.LongSupplier;

/**
 * photon's {@code MaxLatencyCounter}: the maximum of the current and the previous 5 s interval; after two idle
 * intervals it reads 0.
 */
public final class IntervalMaxCounter {
    static final long INTERVAL_MICROS = 5_000_000L;

    private final LongSupplier nowMicros;
    private long max;
    private long lastMax;
    private long time;

    public IntervalMaxCounter(LongSupplier nowMicros) {
        this.nowMicros = nowMicros;
        this.time = nowMicros.getAsLong();
    }

    public synchronized void put(long value) {
        normalize();
        max = Math.max(max, value);
    }

    public synchronized long value() {
        normalize();
        return Math.max(max, lastMax);
    }

    private void normalize() {
        long now = nowMicros.getAsLong();
        if (now - time >= 2 * INTERVAL_MICROS) {
            max = 0;
            lastMax = 0;
            time = now;
        } else if (now - time > INTERVAL_MICROS) {
            lastMax = max;
            max = 0;
            time = now;
        }
    }
}
