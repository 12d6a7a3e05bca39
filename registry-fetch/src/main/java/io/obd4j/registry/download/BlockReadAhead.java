package io.obd4j.registry.download;

import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A source that cannot stream, read as a stream: {@code blockSize} reads in order, up to {@code concurrency} of them
 * in flight on their own threads (stopped by {@link #close}).
 */
final class BlockReadAhead implements ReadableByteChannel {
    private final BlockSource source;
    private final long size;
    private final int blockSize;
    private final int concurrency;
    private final ArrayDeque<Future<ByteBuffer>> inFlight = new ArrayDeque<>();
    private final ExecutorService readers;
    private long nextRead;
    private ByteBuffer current;
    private boolean open = true;

    BlockReadAhead(BlockSource source, long size, long offset, int blockSize, int concurrency) {
        this.source = source;
        this.size = size;
        this.nextRead = offset;
        this.blockSize = blockSize;
        this.concurrency = concurrency;
        this.readers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "obd4j-bk-download-read");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        while (current == null || !current.hasRemaining()) {
            while (inFlight.size() < concurrency && nextRead < size) {
                long off = nextRead;
                int n = (int) Math.min(blockSize, size - off);
                inFlight.add(readers.submit(() -> {
                    ByteBuffer b = ByteBuffer.allocate(n);
                    source.readFully(b, off);
                    return b.flip();
                }));
                nextRead += n;
            }
            if (inFlight.isEmpty()) {
                return -1;
            }
            current = Tasks.await(inFlight.poll(), "a block read");
        }
        int n = Math.min(dst.remaining(), current.remaining());
        int limit = current.limit();
        current.limit(current.position() + n);
        dst.put(current);
        current.limit(limit);
        return n;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        readers.shutdownNow();
    }
}
