package io.obd4j.registry.download;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes downloaded blocks into the temp file: aligned blocks with {@code O_DIRECT} (the bytes go from the block's
 * buffer to the device, skipping the page-cache copy and the later writeback, which cost a downloading JVM more CPU
 * than receiving the bytes did: docs/benchmarks.md), the unaligned first and last pieces through the page cache.
 * Where the file system refuses {@code O_DIRECT} (tmpfs) every write goes through the page cache.
 */
final class LayerFileWriter implements AutoCloseable {
    /** Offset, length and buffer address alignment of a direct write (the largest logical block size in use). */
    static final int ALIGN = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(LayerFileWriter.class);

    private final FileChannel buffered;
    private final FileChannel direct;

    private LayerFileWriter(FileChannel buffered, FileChannel direct) {
        this.buffered = buffered;
        this.direct = direct;
    }

    /**
     * @param buffered the temp file, opened for writing (synced and closed by the caller)
     * @param useDirect false to write through the page cache only
     */
    static LayerFileWriter open(FileChannel buffered, Path file, boolean useDirect) {
        FileChannel direct = null;
        if (useDirect) {
            try {
                direct = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
            } catch (IOException | UnsupportedOperationException e) {
                LOG.debug("{}: no O_DIRECT here ({}); writing through the page cache", file, e.toString());
            }
        }
        return new LayerFileWriter(buffered, direct);
    }

    /** A direct buffer of {@code size} bytes whose start is {@link #ALIGN}ed. */
    static ByteBuffer allocateAligned(int size) {
        int rounded = (size + ALIGN - 1) / ALIGN * ALIGN;
        return ByteBuffer.allocateDirect(rounded + ALIGN).alignedSlice(ALIGN).limit(size).slice();
    }

    boolean direct() {
        return direct != null;
    }

    /** Writes all of {@code b} (position to limit) at {@code offset}. */
    void write(ByteBuffer b, long offset) throws IOException {
        FileChannel ch = aligned(b, offset) ? direct : buffered;
        long pos = offset;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    /**
     * Writes {@code bufs[0, count)}, consecutive in the file from {@code offset}: one gathering direct write when all
     * of them are aligned (fewer, larger device writes: 4 MiB direct writes ran 1.4x faster than 256 KiB ones here),
     * else one write each.
     */
    void write(ByteBuffer[] bufs, int count, long offset) throws IOException {
        long pos = offset;
        boolean aligned = direct != null;
        for (int i = 0; i < count && aligned; i++) {
            aligned = aligned(bufs[i], pos);
            pos += bufs[i].remaining();
        }
        if (!aligned || count == 1) {
            pos = offset;
            for (int i = 0; i < count; i++) {
                long n = bufs[i].remaining();
                write(bufs[i], pos);
                pos += n;
            }
            return;
        }
        long left = pos - offset;
        direct.position(offset);
        while (left > 0) {
            left -= direct.write(bufs, 0, count);
        }
    }

    private boolean aligned(ByteBuffer b, long offset) {
        return direct != null && offset % ALIGN == 0 && b.remaining() % ALIGN == 0 && b.isDirect()
                && b.alignmentOffset(b.position(), ALIGN) == 0;
    }

    /** Closes the direct channel; the caller owns the buffered one. */
    @Override
    public void close() throws IOException {
        if (direct != null) {
            direct.close();
        }
    }
}
