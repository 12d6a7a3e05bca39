package io.obd4j.registry;

import java.time.Duration;

/**
 * How often and how patiently a registry request is retried: overlaybd's backoff (20 ms, doubling, capped at 30 s)
 * over a bounded number of attempts, and a per-attempt timeout covering the whole exchange (headers and body).
 */
public final class RetryPolicy {
    /** overlaybd's first retry delay. */
    public static final Duration INITIAL_DELAY = Duration.ofMillis(20);
    /** overlaybd's largest retry delay. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private final int maxAttempts;
    private final long initialDelayNanos;
    private final long maxDelayNanos;
    private final Duration attemptTimeout;

    public RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration attemptTimeout) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, found " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.initialDelayNanos = initialDelay.toNanos();
        this.maxDelayNanos = maxDelay.toNanos();
        this.attemptTimeout = attemptTimeout;
    }

    /** 8 attempts, 20 ms → 30 s backoff, 30 s per attempt (overlaybd's registry fs timeout). */
    public static RetryPolicy defaults() {
        return new RetryPolicy(8, INITIAL_DELAY, MAX_DELAY, Duration.ofSeconds(30));
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /**
     * The pause before attempt {@code attempt + 1} after attempt {@code attempt} (1-based) failed.
     *
     * @param retryAfterNanos the server's {@code Retry-After}, or a negative value when it sent none
     */
    public long delayNanos(int attempt, long retryAfterNanos) {
        long d = initialDelayNanos;
        for (int i = 1; i < attempt && d < maxDelayNanos; i++) {
            d *= 2;
        }
        d = Math.max(d, retryAfterNanos);
        return Math.min(d, maxDelayNanos);
    }
}
