package io.obd4j.core.metrics;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * overlaybd's {@code MetricMeta} for one tag ({@code pread}: reads of remote layers through the cache;
 * {@code download}: actual registry reads). Every read counts one request and its latency; a positive result adds
 * its bytes to throughput and total.
 */
public final class ReadMeter {
    private final String tag;
    private final LongSupplier nowMicros;
    private final QpsCounter qps;
    private final QpsCounter throughput;
    private final IntervalMaxCounter latency;
    private final LongAdder total = new LongAdder();

    public ReadMeter(String tag, LongSupplier nowMicros) {
        this.tag = tag;
        this.nowMicros = nowMicros;
        this.qps = new QpsCounter(nowMicros);
        this.throughput = new QpsCounter(nowMicros);
        this.latency = new IntervalMaxCounter(nowMicros);
    }

    public ReadMeter(String tag) {
        this(tag, ReadMeter::systemMicros);
    }

    /** Microseconds since the epoch, the clock the meters run on. */
    public static long systemMicros() {
        return System.currentTimeMillis() * 1000L;
    }

    /** The start time to pass to {@link #record}. */
    public long start() {
        return nowMicros.getAsLong();
    }

    /** One read that started at {@code startMicros} and returned {@code result} (bytes, or negative on error). */
    public void record(long startMicros, long result) {
        qps.put(1);
        latency.put(nowMicros.getAsLong() - startMicros);
        if (result > 0) {
            throughput.put(result);
            total.add(result);
        }
    }

    public String tag() {
        return tag;
    }

    public long qps() {
        return qps.value();
    }

    /** Bytes per second over the sliding window. */
    public long throughput() {
        return throughput.value();
    }

    public long maxLatencyMicros() {
        return latency.value();
    }

    public long totalBytes() {
        return total.sum();
    }
}
