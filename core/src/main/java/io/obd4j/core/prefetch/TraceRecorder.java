package io.obd4j.core.prefetch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Collects read records from many I/O threads without locks (overlaybd appends to a {@code std::vector} on its one
 * photon vCPU). A slot is claimed with one {@code getAndIncrement}; records live in chunks of 4096 slots created on
 * first use by compare-and-set, so memory grows with the trace. Each slot is {layer, offset, count}, with the count
 * written last (release): a slot whose count is still 0 is being written. At most {@code capacity} records are kept
 * (overlaybd has no limit); later reads are counted in {@link #dropped()}.
 */
public final class TraceRecorder {
    private static final int CHUNK_SHIFT = 12;
    private static final int CHUNK_RECORDS = 1 << CHUNK_SHIFT;
    private static final int LONGS = 3;
    private static final long PUBLISH_WAIT_NANOS = 1_000_000_000L;

    private final int capacity;
    private final AtomicReferenceArray<AtomicLongArray> chunks;
    private final AtomicLong next = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean stopped;

    /** A recorder that keeps up to {@code capacity} records. */
    public TraceRecorder(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("trace capacity " + capacity);
        }
        this.capacity = capacity;
        this.chunks = new AtomicReferenceArray<>((capacity + CHUNK_RECORDS - 1) >>> CHUNK_SHIFT);
    }

    /** Appends a read of {@code count} bytes at {@code offset} of {@code layer}; ignored once stopped. */
    public void recordRead(int layer, long count, long offset) {
        if (stopped || count <= 0) {
            return;
        }
        long slot = next.getAndIncrement();
        if (slot >= capacity) {
            dropped.increment();
            return;
        }
        AtomicLongArray chunk = chunk((int) (slot >>> CHUNK_SHIFT));
        int base = (int) (slot & (CHUNK_RECORDS - 1)) * LONGS;
        chunk.setPlain(base, layer);
        chunk.setPlain(base + 1, offset);
        chunk.setRelease(base + 2, count);
    }

    private AtomicLongArray chunk(int index) {
        AtomicLongArray c = chunks.get(index);
        if (c == null) {
            chunks.compareAndSet(index, null, new AtomicLongArray(CHUNK_RECORDS * LONGS));
            c = chunks.get(index);
        }
        return c;
    }

    /** True after {@link #stop()}. */
    public boolean isStopped() {
        return stopped;
    }

    /** Records claimed so far (kept ones only). */
    public long size() {
        return Math.min(next.get(), capacity);
    }

    /** Reads not recorded because the recorder was full. */
    public long dropped() {
        return dropped.sum();
    }

    /**
     * Stops recording and returns the records in claim order. A writer that claimed a slot just before the stop gets
     * up to a second to publish it; a slot still unpublished then is left out.
     */
    public List<TraceRecord> stop() {
        stopped = true;
        int n = (int) size();
        List<TraceRecord> out = new ArrayList<>(n);
        long deadline = System.nanoTime() + PUBLISH_WAIT_NANOS;
        for (int slot = 0; slot < n; slot++) {
            AtomicLongArray chunk = chunk(slot >>> CHUNK_SHIFT);
            int base = (slot & (CHUNK_RECORDS - 1)) * LONGS;
            long count = chunk.getAcquire(base + 2);
            while (count == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                count = chunk.getAcquire(base + 2);
            }
            if (count != 0) {
                out.add(TraceRecord.read((int) chunk.getPlain(base), count, chunk.getPlain(base + 1)));
            }
        }
        return out;
    }
}
