package io.obd4j.core.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A read-only, randomly addressable run of bytes: a local file, a byte range inside a tar member, the
 * decompressed view of a ZFile, or a remote registry blob behind a cache. Every layer format reads through it.
 *
 * <p>Reads are positional and must be safe to call from many threads at once.
 */
public interface BlockSource extends Closeable {

    /** What to call this source in error messages: a path, or a blob URL without credentials. */
    String name();

    /** Size in bytes. */
    long size() throws IOException;

    /** {@link #readIfCached}: the bytes are not all in memory; reading them would wait for a device or network. */
    int NOT_CACHED = -1;

    /**
     * Reads {@code dst.remaining()} bytes at {@code offset}, like {@link #read}, only if none of them has to come
     * from a device or a network (they are in the page cache or in memory), so it never waits for I/O and an event
     * loop may call it. Returns the bytes read (fewer than asked only at the end of the source), or
     * {@link #NOT_CACHED} with {@code dst}'s position unchanged (bytes past it may have been written). A source that
     * cannot tell says {@link #NOT_CACHED}.
     */
    default int readIfCached(ByteBuffer dst, long offset) throws IOException {
        return NOT_CACHED;
    }

    /**
     * Reads up to {@code dst.remaining()} bytes starting at {@code offset} into {@code dst}, advancing its position.
     *
     * @return the number of bytes read; 0 only when {@code offset >= size()} or {@code dst} has no room
     */
    int read(ByteBuffer dst, long offset) throws IOException;

    /**
     * What {@link #read} into {@code dst} at {@code offset} returns for a source of {@code size} bytes:
     * {@code dst.remaining()} clipped at the end, 0 at or past it. A negative offset is refused, naming
     * {@code source}.
     */
    static int readLength(BlockSource source, long size, ByteBuffer dst, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException(source.name() + ": negative offset " + offset);
        }
        if (offset >= size || !dst.hasRemaining()) {
            return 0;
        }
        return (int) Math.min(dst.remaining(), size - offset);
    }

    /** Fills {@code dst} completely from {@code offset}, or throws {@link EOFException} naming the source. */
    default void readFully(ByteBuffer dst, long offset) throws IOException {
        long pos = offset;
        while (dst.hasRemaining()) {
            int n = read(dst, pos);
            if (n <= 0) {
                throw new EOFException(name() + ": unexpected end of data at offset " + pos + ", "
                        + dst.remaining() + " more bytes expected (size " + size() + ")");
            }
            pos += n;
        }
    }

    /**
     * Drops any cached copy of {@code [offset, offset + length)} so the next read fetches it from the origin again.
     * Called after a checksum failure; a source without a cache does nothing.
     */
    default void evict(long offset, long length) throws IOException {
    }
}
