package io.obd4j.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link BlockSource} over a local file, read with positional {@link FileChannel} reads (thread-safe);
 * {@link #readIfCached} reads the page cache through a second descriptor ({@link PageCacheReader}).
 */
public final class LocalFileSource implements BlockSource {
    private final Path path;
    private final FileChannel channel;
    private final PageCacheReader cached;

    private LocalFileSource(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
        this.cached = PageCacheReader.open(path);
    }

    /** Opens {@code path} read-only. */
    public static LocalFileSource open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new LocalFileSource(path, ch);
        } catch (RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public int read(ByteBuffer dst, long offset) throws IOException {
        return readAt(channel, dst, offset);
    }

    @Override
    public int readIfCached(ByteBuffer dst, long offset) {
        return cached.read(dst, offset);
    }

    /**
     * The {@link BlockSource#read} contract over any file channel: positional reads (safe from many threads) until
     * {@code dst} is full or the file ends.
     */
    public static int readAt(FileChannel channel, ByteBuffer dst, long offset) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, offset + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            cached.close();
        }
    }
}
