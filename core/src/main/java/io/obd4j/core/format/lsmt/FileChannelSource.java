package io.obd4j.core.format.lsmt;

import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** A {@link BlockSource} view of a channel a writable layer owns; closing the view leaves the channel open. */
final class FileChannelSource implements BlockSource {
    private final String name;
    private final FileChannel channel;

    FileChannelSource(String name, FileChannel channel) {
        this.name = name;
        this.channel = channel;
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
    public void close() {
    }
}
