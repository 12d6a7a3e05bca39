package io.obd4j.core.testing;

import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A test wrapper around a real source: forwards the name, size, reads and close, so a subclass overrides only what
 * it observes or alters. Evictions are not forwarded (the {@link BlockSource} default: nothing) unless overridden.
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
    public void close() throws IOException {
        inner.close();
    }
}
