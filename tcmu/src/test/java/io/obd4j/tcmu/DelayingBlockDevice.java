package io.obd4j.tcmu;

import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.image.ForwardingBlockDevice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/** Forwards to a real {@link BlockDevice}, parking some calls briefly so concurrent commands finish out of order. */
final class DelayingBlockDevice extends ForwardingBlockDevice {
    DelayingBlockDevice(BlockDevice delegate) {
        super(delegate);
    }

    private static void maybeDelay() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (r.nextInt(4) == 0) {
            LockSupport.parkNanos(r.nextLong(50_000, 1_000_000));
        }
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        maybeDelay();
        super.read(dst, offset);
    }

    /** Refused, so every read goes through {@link #read} and may be delayed. */
    @Override
    public boolean readIfCached(ByteBuffer dst, long offset) {
        return false;
    }

    @Override
    public void write(ByteBuffer src, long offset) throws IOException {
        maybeDelay();
        super.write(src, offset);
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        maybeDelay();
        super.discard(offset, length);
    }
}
