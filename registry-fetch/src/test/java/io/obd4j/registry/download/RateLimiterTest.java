package io.obd4j.registry.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void neverExceedsTheRateAfterTheBurst() throws Exception {
        AtomicLong now = new AtomicLong();
        RateLimiter l = new RateLimiter(1_000_000, 100_000, now::get, now::addAndGet);
        l.acquire(100_000);
        assertThat(now.get()).isZero();
        for (int i = 0; i < 50; i++) {
            l.acquire(40_000);
        }
        // 2,000,000 bytes beyond the burst at 1 MB/s: 2 s of (fake) sleeping
        assertThat(now.get()).isBetween(1_999_000_000L, 2_001_000_000L);
    }

    @Test
    void refillsWhileIdleUpToTheBurstOnly() throws Exception {
        AtomicLong now = new AtomicLong();
        RateLimiter l = new RateLimiter(1_000_000, 100_000, now::get, now::addAndGet);
        l.acquire(100_000);
        now.addAndGet(10_000_000_000L);
        long before = now.get();
        l.acquire(100_000);
        assertThat(now.get()).isEqualTo(before);
        l.acquire(500_000);
        assertThat(now.get() - before).isBetween(499_000_000L, 501_000_000L);
    }
}
