package io.obd4j.core.format.zfile;

import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.ForwardingSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Wraps a real source and records reads and evictions (what a caching source would see). */
final class CountingSource extends ForwardingSource {
    final List<long[]> evictions = new ArrayList<>();
    int reads;

    CountingSource(BlockSource inner) {
        super(inner);
    }

    @Override
    public synchronized int read(ByteBuffer dst, long offset) throws IOException {
        reads++;
        return super.read(dst, offset);
    }

    @Override
    public synchronized void evict(long offset, long length) {
        evictions.add(new long[] {offset, length});
    }
}
