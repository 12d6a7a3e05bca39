package io.obd4j.core.format.lsmt;

import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.io.PageCacheReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A {@link BlockSource} view of a channel a writable layer owns, with page-cache reads ({@link #readIfCached}) on a
 * second descriptor of the same file; closing the view closes that descriptor and leaves the channel open.
 */
final class FileChannelSource implements BlockSource {
    private final String name;
    private final FileChannel channel;
    private final PageCacheReader cached;

    FileChannelSource(Path file, FileChannel channel) {
        this.name = file.toString();
        this.channel = channel;
        this.cached = PageCacheReader.open(file);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public int read(ByteBuffer dst, long offset) throws IOException {
        return LocalFileSource.readAt(channel, dst, offset);
    }

    @Override
    public int readIfCached(ByteBuffer dst, long offset) {
        return cached.read(dst, offset);
    }

    @Override
    public void close() {
        cached.close();
    }
}
