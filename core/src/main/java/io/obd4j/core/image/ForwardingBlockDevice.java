package io.obd4j.core.image;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link BlockDevice} that passes every call to another one, {@link #readIfCached} included; subclasses override
 * what they add to (one that changes {@link #read} must change {@link #readIfCached} too, or refuse it).
 */
public abstract class ForwardingBlockDevice implements BlockDevice {
    private final BlockDevice delegate;

    protected ForwardingBlockDevice(BlockDevice delegate) {
        this.delegate = delegate;
    }

    protected BlockDevice delegate() {
        return delegate;
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public boolean isReadOnly() {
        return delegate.isReadOnly();
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        delegate.read(dst, offset);
    }

    @Override
    public boolean readIfCached(ByteBuffer dst, long offset) throws IOException {
        return delegate.readIfCached(dst, offset);
    }

    @Override
    public void write(ByteBuffer src, long offset) throws IOException {
        delegate.write(src, offset);
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        delegate.discard(offset, length);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
