package io.obd4j.core.metrics;

import java.util.function.LongSupplier;

/**
 * photon's {@code QPSCounter}: a sum over a sliding window (1 s) that decays linearly: once more than one window has
 * passed since the last normalisation the sum shrinks in proportion to the time passed, after two windows it is 0.
 */
public final class QpsCounter {
    static final long SECOND_MICROS = 1_000_000L;

    private final LongSupplier nowMicros;
    private final long window;
    private long counter;
    private long time;

    public QpsCounter(LongSupplier nowMicros) {
        this.nowMicros = nowMicros;
        this.window = SECOND_MICROS;
        this.time = nowMicros.getAsLong();
    }

    public synchronized void put(long value) {
        normalize();
        counter += value;
    }

    public synchronized long value() {
        normalize();
        return counter;
    }

    private void normalize() {
        long now = nowMicros.getAsLong();
        long elapsed = now - time;
        if (elapsed >= 2 * window) {
            counter = 0;
            time = now;
        } else if (elapsed > window) {
            counter = Math.max(0, counter - counter * elapsed / window);
            time = now;
        }
    }
}
