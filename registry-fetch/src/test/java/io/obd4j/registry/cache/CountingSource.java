package io.obd4j.registry.cache;

import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A real local file as origin, counting reads and bytes, optionally slow or failing (test double for timing). */
public final class CountingSource implements BlockSource {
    public final LocalFileSource file;
    public final AtomicInteger reads = new AtomicInteger();
    public final AtomicLong bytes = new AtomicLong();
    public volatile long delayMillis;
    public volatile int failNext;
    /** Flip one byte of every read while positive (decremented per read). */
    public volatile int corruptReads;

    public CountingSource(Path path) throws IOException {
        this.file = LocalFileSource.open(path);
    }

    @Override
    public String name() {
        return "/counting" + file.name();
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public int read(ByteBuffer dst, long offset) throws IOException {
        reads.incrementAndGet();
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failNext > 0) {
            failNext--;
            throw new IOException("injected origin failure");
        }
        int pos = dst.position();
        int n = file.read(dst, offset);
        bytes.addAndGet(n);
        if (corruptReads > 0 && n > 0) {
            corruptReads--;
            dst.put(pos, (byte) (dst.get(pos) ^ 1));
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
