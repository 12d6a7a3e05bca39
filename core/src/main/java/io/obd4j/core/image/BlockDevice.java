package io.obd4j.core.image;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What a front end (TCMU ring, iSCSI session) sees of an image: a virtual disk addressed in bytes.
 * Offsets and lengths are multiples of 512. All methods may block and are safe to call from many threads;
 * never call them on a network event loop.
 */
public interface BlockDevice extends Closeable {

    /** Virtual size in bytes. */
    long size();

    /** True when the device has no writable layer: writes, discards and flushes are refused. */
    boolean isReadOnly();

    /** Fills {@code dst.remaining()} bytes from {@code offset}; unmapped ranges read as zeros. */
    void read(ByteBuffer dst, long offset) throws IOException;

    /**
     * Fills {@code dst.remaining()} bytes from {@code offset}, like {@link #read}, only if none of them has to be read
     * from a device or a network: every byte is already in memory (the page cache). It never waits for I/O, so a
     * front end may try it on its network event loop and hand the command to a worker when it returns false; then
     * {@code dst}'s position is unchanged and the bytes past it are unspecified.
     */
    default boolean readIfCached(ByteBuffer dst, long offset) throws IOException {
        return false;
    }

    /** Writes {@code src.remaining()} bytes at {@code offset}. Durable only after {@link #flush()}. */
    void write(ByteBuffer src, long offset) throws IOException;

    /** Makes every write acknowledged before this call durable (data first, then index). */
    void flush() throws IOException;

    /** Makes {@code [offset, offset + length)} read as zeros and hides the lower layers there. */
    void discard(long offset, long length) throws IOException;
}
