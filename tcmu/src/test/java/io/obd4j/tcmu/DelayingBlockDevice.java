package io.obd4j.tcmu;

import io.obd4j.core.image.BlockDevice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/** Forwards to a real {@link BlockDevice}, parking some calls briefly so concurrent commands finish out of order. */
final class DelayingBlockDevice implements BlockDevice {
    private final BlockDevice delegate;

    DelayingBlockDevice(BlockDevice delegate) {
        this.delegate = delegate;
    }

    private static void maybeDelay() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (r.nextInt(4) == 0) {
            LockSupport.parkNanos(r.nextLong(50_000, 1_000_000));
        }
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
        maybeDelay();
        delegate.read(dst, offset);
    }

    @Override
    public void write(ByteBuffer src, long offset) throws IOException {
        maybeDelay();
        delegate.write(src, offset);
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        maybeDelay();
        delegate.discard(offset, length);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
