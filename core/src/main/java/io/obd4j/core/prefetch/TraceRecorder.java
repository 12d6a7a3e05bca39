package io.obd4j.core.prefetch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Collects read records from many I/O threads without locks (overlaybd appends to a {@code std::vector} on its one
 * photon vCPU). Each thread reserves runs of 64 slots with one {@code getAndAdd} and fills them alone, so threads
 * neither contend on the counter per record nor share cache lines; records therefore keep their order within a
 * thread and are interleaved across threads in runs of at most 64, which is all a concurrent replay needs. Records
 * live in chunks of 4096 slots created on first use by compare-and-set. Each slot is {layer, offset, count}, the
 * count written last (release): a slot whose count is still 0 was never used or is being written. At most
 * {@code capacity} records are kept (overlaybd has no limit); later reads are counted in {@link #dropped()}.
 */
public final class TraceRecorder {
    private static final int CHUNK_SHIFT = 12;
    private static final int CHUNK_RECORDS = 1 << CHUNK_SHIFT;
    private static final int LONGS = 3;
    private static final int RUN = 64;
    /** How long {@link #stop()} lets appends that passed the stop check finish (they take nanoseconds). */
    private static final long PUBLISH_GRACE_MILLIS = 20;

    private final int capacity;
    private final AtomicReferenceArray<AtomicLongArray> chunks;
    private final AtomicLong next = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    /** Per thread: {next slot, end of its reserved run}. */
    private final ThreadLocal<long[]> run = ThreadLocal.withInitial(() -> new long[2]);
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
        long[] r = run.get();
        if (r[0] == r[1]) {
            long start = next.getAndAdd(RUN);
            if (start >= capacity) {
                dropped.increment();
                return;
            }
            r[0] = start;
            r[1] = Math.min(start + RUN, capacity);
        }
        long slot = r[0]++;
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

    /** Slots reserved so far (an upper bound of the records kept). */
    long reserved() {
        return Math.min(next.get(), capacity);
    }

    /** Reads not recorded because the recorder was full. */
    public long dropped() {
        return dropped.sum();
    }

    /**
     * Stops recording and returns the records in slot order. Appends that passed the stop check get a moment to
     * publish; a slot unpublished after that (unused, or a writer stalled mid-append) is left out.
     */
    public List<TraceRecord> stop() {
        stopped = true;
        try {
            Thread.sleep(PUBLISH_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int n = (int) reserved();
        List<TraceRecord> out = new ArrayList<>(n);
        for (int c = 0; (long) c * CHUNK_RECORDS < n; c++) {
            AtomicLongArray chunk = chunks.get(c);
            int end = Math.min(CHUNK_RECORDS, n - c * CHUNK_RECORDS);
            for (int i = 0; chunk != null && i < end; i++) {
                long count = chunk.getAcquire(i * LONGS + 2);
                if (count != 0) {
                    out.add(TraceRecord.read((int) chunk.getPlain(i * LONGS), count, chunk.getPlain(i * LONGS + 1)));
                }
            }
        }
        return out;
    }
}
