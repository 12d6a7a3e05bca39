package io.obd4j.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A wrapper around a source that forwards the name, size, reads, page-cache reads, evictions and close, so a
 * subclass overrides only what it observes (metering, auditing, counting) or alters. A subclass that observes
 * {@link #read} must observe {@link #readIfCached} the same way, or return {@link #NOT_CACHED} from it.
 */
public abstract class ForwardingSource implements BlockSource {
    protected final BlockSource inner;

    protected ForwardingSource(BlockSource inner) {
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
    public int read(ByteBuffer dst, long offset) throws IOException {
        return inner.read(dst, offset);
    }

    @Override
    public int readIfCached(ByteBuffer dst, long offset) throws IOException {
        return inner.readIfCached(dst, offset);
    }

    @Override
    public void evict(long offset, long length) throws IOException {
        inner.evict(offset, length);
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
