package io.obd4j.daemon.image;

import io.obd4j.core.image.BlockDevice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The device the front ends see: counts every I/O (for the API and metrics), knows how many are in flight and how
 * old the oldest is (hung-I/O detection), and after {@link #drain} refuses new I/O so the image can be flushed and
 * closed with nothing running.
 */
public final class TrackedDevice implements BlockDevice {
    private final BlockDevice inner;
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder flushes = new LongAdder();
    private final LongAdder discards = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong ticket = new AtomicLong();
    /** Start time (nanoTime) of each I/O in flight, by ticket. */
    private final ConcurrentHashMap<Long, Long> inFlight = new ConcurrentHashMap<>();
    private volatile boolean draining;

    /** I/O counters at one moment. */
    public record IoCounters(long reads, long writes, long bytesRead, long bytesWritten, long flushes, long discards,
                             long errors, int inFlight) {
    }

    public TrackedDevice(BlockDevice inner) {
        this.inner = inner;
    }

    /** The device behind the counters (what the opener returned). */
    public BlockDevice inner() {
        return inner;
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public boolean isReadOnly() {
        return inner.isReadOnly();
    }

    /** One call on the device behind, counted when it succeeds. */
    @FunctionalInterface
    private interface Io {
        void run() throws IOException;
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        int n = dst.remaining();
        track("read", offset, () -> inner.read(dst, offset), reads, bytesRead, n);
    }

    /**
     * A read from the page cache (on a front end's event loop) counts as a read and is in flight while it runs, so
     * {@link #drain} waits for it; after {@link #drain} it is refused (the worker's read then reports the closing).
     * A refused attempt counts nothing: the worker's read that follows does.
     */
    @Override
    public boolean readIfCached(ByteBuffer dst, long offset) throws IOException {
        int n = dst.remaining();
        long t = enter();
        if (t < 0) {
            return false;
        }
        try {
            if (!inner.readIfCached(dst, offset)) {
                return false;
            }
            reads.increment();
            bytesRead.add(n);
            return true;
        } finally {
            inFlight.remove(t);
        }
    }

    @Override
    public void write(ByteBuffer src, long offset) throws IOException {
        int n = src.remaining();
        track("write", offset, () -> inner.write(src, offset), writes, bytesWritten, n);
    }

    @Override
    public void flush() throws IOException {
        track("flush", 0, inner::flush, flushes, null, 0);
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        track("discard", offset, () -> inner.discard(offset, length), discards, null, 0);
    }

    private void track(String op, long offset, Io io, LongAdder count, LongAdder bytes, int n) throws IOException {
        long t = begin(op, offset);
        try {
            io.run();
            count.increment();
            if (bytes != null) {
                bytes.add(n);
            }
        } catch (IOException | RuntimeException e) {
            errors.increment();
            throw e;
        } finally {
            inFlight.remove(t);
        }
    }

    private long begin(String op, long offset) throws IOException {
        long t = enter();
        if (t < 0) {
            throw new IOException("device is closing: " + op + " at offset " + offset + " refused");
        }
        return t;
    }

    /** Puts an I/O in flight and returns its ticket, or -1 (nothing in flight) once draining. */
    private long enter() {
        long t = ticket.incrementAndGet();
        inFlight.put(t, System.nanoTime());
        if (draining) {
            inFlight.remove(t);
            return -1;
        }
        return t;
    }

    public IoCounters counters() {
        return new IoCounters(reads.sum(), writes.sum(), bytesRead.sum(), bytesWritten.sum(), flushes.sum(),
                discards.sum(), errors.sum(), inFlight.size());
    }

    /** How many I/Os have been running longer than {@code thresholdNanos}. */
    public int hungIo(long thresholdNanos) {
        long now = System.nanoTime();
        int n = 0;
        for (long start : inFlight.values()) {
            if (now - start > thresholdNanos) {
                n++;
            }
        }
        return n;
    }

    /**
     * Refuses new I/O and waits up to {@code timeoutMillis} for the running ones to finish.
     *
     * @return true when nothing is in flight any more
     */
    public boolean drain(long timeoutMillis) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!inFlight.isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
