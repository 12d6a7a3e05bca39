package io.obd4j.registry.cache;

import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A real local file as origin, counting reads and bytes, optionally slow or failing (test double for timing). */
final class CountingSource implements BlockSource {
    final LocalFileSource file;
    final AtomicInteger reads = new AtomicInteger();
    final AtomicLong bytes = new AtomicLong();
    volatile long delayMillis;
    volatile int failNext;

    CountingSource(Path path) throws IOException {
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
        int n = file.read(dst, offset);
        bytes.addAndGet(n);
        return n;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
