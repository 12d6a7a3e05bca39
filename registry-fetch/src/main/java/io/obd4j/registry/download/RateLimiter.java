package io.obd4j.registry.download;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code bytesPerSecond} refill, at most {@code burstBytes} saved up, empty at the start.
 * {@link #acquire} takes what it needs, going into debt if necessary, and sleeps until the debt is repaid, so the rate
 * over any span starting at creation never exceeds the limit whatever the request sizes. Sleeping too long costs
 * nothing: the next call is credited for the real time that passed (up to the burst), so a late wake-up or a slow
 * consumer is made up for and the long-run rate reaches the limit.
 */
public final class RateLimiter {
    /** Sleeps for the given nanoseconds (replaceable in tests). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final double bytesPerNano;
    private final double burst;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private double tokens;
    private long last;

    public RateLimiter(long bytesPerSecond, long burstBytes, LongSupplier nanoClock, Sleeper sleeper) {
        if (bytesPerSecond <= 0 || burstBytes <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive: " + bytesPerSecond + ", "
                    + burstBytes);
        }
        this.bytesPerNano = bytesPerSecond / 1e9;
        this.burst = burstBytes;
        this.clock = nanoClock;
        this.sleeper = sleeper;
        this.tokens = 0;
        this.last = nanoClock.getAsLong();
    }

    /** A limiter on the system clock. */
    public static RateLimiter of(long bytesPerSecond, long burstBytes) {
        return new RateLimiter(bytesPerSecond, burstBytes, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /** Takes {@code bytes}, sleeping as long as the rate requires. */
    public void acquire(long bytes) throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = clock.getAsLong();
            tokens = Math.min(burst, tokens + (now - last) * bytesPerNano);
            last = now;
            tokens -= bytes;
            wait = tokens >= 0 ? 0 : (long) Math.ceil(-tokens / bytesPerNano);
        }
        if (wait > 0) {
            sleeper.sleep(wait);
        }
    }
}
