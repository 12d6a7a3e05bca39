package io.obd4j.core.prefetch;

import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.io.BlockSource;

import java.io.IOException;
import java.nio.ByteBuffer;

/** What a replayed range is read from: one lower's unwrapped bytes (trace) or the merged image (file list). */
@FunctionalInterface
public interface PrefetchTarget {
    /** Reads up to {@code dst.remaining()} bytes at {@code offset}; returns how many were read. */
    int read(ByteBuffer dst, long offset) throws IOException;

    static PrefetchTarget of(BlockSource source) {
        return source::read;
    }

    /** The device's reads, clipped at its end. */
    static PrefetchTarget of(BlockDevice device) {
        return (dst, offset) -> {
            if (offset >= device.size()) {
                return 0;
            }
            int n = (int) Math.min(dst.remaining(), device.size() - offset);
            device.read(dst.limit(dst.position() + n), offset);
            return n;
        };
    }
}
