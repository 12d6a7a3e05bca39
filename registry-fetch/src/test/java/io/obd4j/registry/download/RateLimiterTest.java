package io.obd4j.registry.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The limiter on a fake clock: sleeping advances it, so every check is exact and nothing is timed for real. */
class RateLimiterTest {
    @Test
    void neverExceedsTheRateFromTheStart() throws Exception {
        AtomicLong now = new AtomicLong();
        RateLimiter l = new RateLimiter(1_000_000, 100_000, now::get, now::addAndGet);
        for (int i = 0; i < 50; i++) {
            l.acquire(40_000);
        }
        // 2,000,000 bytes at 1 MB/s: 2 s of (fake) sleeping, nothing for free at the start
        assertThat(now.get()).isBetween(1_999_000_000L, 2_001_000_000L);
    }

    @Test
    void refillsWhileIdleUpToTheBurstOnly() throws Exception {
        AtomicLong now = new AtomicLong();
        RateLimiter l = new RateLimiter(1_000_000, 100_000, now::get, now::addAndGet);
        now.addAndGet(10_000_000_000L);
        long before = now.get();
        l.acquire(100_000);
        assertThat(now.get()).isEqualTo(before);
        l.acquire(500_000);
        assertThat(now.get() - before).isBetween(499_000_000L, 501_000_000L);
    }

    @Test
    void lateWakeUpsAndASlowConsumerStillGetTheFullRate() throws Exception {
        AtomicLong now = new AtomicLong();
        long rate = 20L << 20;
        // every sleep ends 3 ms late, and each 256 KiB chunk costs the consumer 2 ms of its own work
        RateLimiter l = new RateLimiter(rate, rate / 10, now::get, n -> now.addAndGet(n + 3_000_000));
        long bytes = 0;
        for (int i = 0; i < 2000; i++) {
            l.acquire(262144);
            now.addAndGet(2_000_000);
            bytes += 262144;
        }
        double achieved = bytes * 1e9 / now.get();
        assertThat(achieved / rate).isBetween(0.99, 1.0);
    }

    @Test
    void aStallLongerThanTheBurstIsNotMadeUpBeyondIt() throws Exception {
        AtomicLong now = new AtomicLong();
        RateLimiter l = new RateLimiter(1_000_000, 100_000, now::get, now::addAndGet);
        l.acquire(100_000);
        long t = now.get();
        now.addAndGet(5_000_000_000L);
        l.acquire(300_000);
        // 100,000 bytes of credit from the stall, the other 200,000 at the rate
        assertThat(now.get() - t - 5_000_000_000L).isBetween(199_000_000L, 201_000_000L);
    }
}
