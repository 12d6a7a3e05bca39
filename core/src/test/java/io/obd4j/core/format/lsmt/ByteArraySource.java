package io.obd4j.core.format.lsmt;

import io.obd4j.core.io.BlockSource;
import java.nio.ByteBuffer;

/** An in-memory {@link BlockSource} for tests (thread-safe: the bytes are never modified). */
public final class ByteArraySource implements BlockSource {
    private final String name;
    private final byte[] bytes;

    public ByteArraySource(String name, byte[] bytes) {
        this.name = name;
        this.bytes = bytes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public int read(ByteBuffer dst, long offset) {
        if (offset < 0 || offset >= bytes.length) {
            return 0;
        }
        int n = (int) Math.min(dst.remaining(), bytes.length - offset);
        dst.put(bytes, (int) offset, n);
        return n;
    }

    @Override
    public void close() {
    }
}
