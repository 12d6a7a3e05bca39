package io.obd4j.core.io;

import io.obd4j.nativeio.NativeFile;
import io.obd4j.nativeio.NativeIoException;
import io.obd4j.nativeio.Posix;
import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlockSource#readIfCached} for a local file: {@code preadv2(RWF_NOWAIT)} on a second, read-only descriptor
 * (a {@link java.nio.channels.FileChannel} does not expose its own). When the descriptor cannot be opened (no
 * {@code preadv2}, no native library) it says so once at INFO and every read is {@link BlockSource#NOT_CACHED}, so
 * all reads go to workers as before.
 */
public final class PageCacheReader implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(PageCacheReader.class);

    private final Path path;
    /** Null when it could not be opened. */
    private final NativeFile file;
    private volatile boolean closed;

    private PageCacheReader(Path path, NativeFile file) {
        this.path = path;
        this.file = file;
    }

    /** Opens {@code path} read-only for page-cache reads; never fails (see the class comment). */
    public static PageCacheReader open(Path path) {
        try {
            return new PageCacheReader(path, NativeFile.openReadOnly(path));
        } catch (NativeIoException | RuntimeException | LinkageError e) {
            LOG.info("{}: no page-cache reads without a worker ({}); every read of it goes to a worker", path,
                    e.toString());
            return new PageCacheReader(path, null);
        }
    }

    /**
     * Reads {@code dst.remaining()} bytes at {@code offset} only from the page cache: returns the bytes read (fewer
     * only at the end of the file), or {@link BlockSource#NOT_CACHED} with {@code dst}'s position unchanged when any
     * of them would wait for the device, {@code dst} is a heap buffer, or the read failed (a worker's read then
     * reports the error).
     */
    public int read(ByteBuffer dst, long offset) {
        NativeFile f = file;
        if (f == null || closed || !dst.isDirect() || offset < 0) {
            return BlockSource.NOT_CACHED;
        }
        int start = dst.position();
        try {
            while (dst.hasRemaining()) {
                int n = f.preadNoWait(dst, offset + dst.position() - start);
                if (n == 0) {
                    break;
                }
                if (n == Posix.WOULD_BLOCK) {
                    dst.position(start);
                    return BlockSource.NOT_CACHED;
                }
            }
        } catch (NativeIoException e) {
            LOG.debug("{}: page-cache read at {} failed; a worker reads it", path, offset, e);
            dst.position(start);
            return BlockSource.NOT_CACHED;
        }
        return dst.position() - start;
    }

    @Override
    public void close() {
        closed = true;
        if (file != null) {
            try {
                file.close();
            } catch (NativeIoException e) {
                LOG.warn("{}: closing the page-cache descriptor: {}", path, e.toString());
            }
        }
    }
}
