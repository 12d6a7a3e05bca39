package io.obd4j.core.format.zfile;

import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Wraps a real source and records reads and evictions (what a caching source would see). */
final class CountingSource implements BlockSource {
    final BlockSource inner;
    final List<long[]> evictions = new ArrayList<>();
    int reads;

    CountingSource(BlockSource inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public long size() throws IOException {
        return inner.size();
    }

    @Override
    public synchronized int read(ByteBuffer dst, long offset) throws IOException {
        reads++;
        return inner.read(dst, offset);
    }

    @Override
    public synchronized void evict(long offset, long length) {
        evictions.add(new long[] {offset, length});
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
