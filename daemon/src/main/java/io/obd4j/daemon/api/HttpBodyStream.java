package io.obd4j.daemon.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

import io.obd4j.core.io.BulkInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request body handed to a streaming route while it arrives: the event loop queues the chunks, the route's worker
 * reads them. At {@link #HIGH} queued chunks the channel stops reading (TCP back-pressure on the client) until the
 * reader has drained to {@link #LOW} (both decisions are taken on the event loop), so an upload of any size holds
 * at most a few MiB in memory.
 */
final class HttpBodyStream extends BulkInputStream {
    static final int HIGH = 64;
    static final int LOW = 16;
    private static final ByteBuf END = Unpooled.buffer(0);
    private static final ByteBuf ABORT = Unpooled.buffer(0);

    private final Channel channel;
    private final BlockingQueue<ByteBuf> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean discarding;
    private volatile boolean ended;
    private ByteBuf current;
    private boolean finished;

    HttpBodyStream(Channel channel) {
        this.channel = channel;
    }

    /** Event loop: one chunk of the body (retained here). */
    void offer(ByteBuf chunk) {
        if (discarding) {
            return;
        }
        queue.add(chunk.retain());
        if (queued.incrementAndGet() >= HIGH) {
            channel.config().setAutoRead(false);
        }
    }

    /** Event loop: the body is complete. */
    void end() {
        ended = true;
        queue.add(END);
    }

    /** Event loop: the connection closed before the body ended. */
    void abort() {
        queue.add(ABORT);
    }

    /** True once the whole body has arrived. */
    boolean ended() {
        return ended;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || !current.isReadable()) {
            if (finished) {
                return -1;
            }
            releaseCurrent();
            ByteBuf next = take();
            if (next == END) {
                finished = true;
                return -1;
            }
            if (next == ABORT) {
                finished = true;
                throw new IOException("the client closed the connection before the request body ended");
            }
            if (queued.decrementAndGet() == LOW) {
                // decided on the event loop, where offer() turns reading off, so the two cannot interleave
                channel.eventLoop().execute(this::resumeIfDrained);
            }
            current = next;
        }
        int n = Math.min(len, current.readableBytes());
        current.readBytes(dst, off, n);
        return n;
    }

    private void resumeIfDrained() {
        if (queued.get() < HIGH && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
            channel.read();
        }
    }

    private ByteBuf take() throws IOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the request body");
        }
    }

    private void releaseCurrent() {
        if (current != null) {
            current.release();
            current = null;
        }
    }

    /** Drops what is queued and what still comes (the route answered before reading everything). */
    @Override
    public void close() {
        discarding = true;
        releaseCurrent();
        for (ByteBuf b; (b = queue.poll()) != null; ) {
            if (b != END && b != ABORT) {
                b.release();
            }
        }
        channel.config().setAutoRead(true);
    }
}
