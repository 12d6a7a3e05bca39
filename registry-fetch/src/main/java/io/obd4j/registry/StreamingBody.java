package io.obd4j.registry;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A 2xx body read as it arrives, as a channel. At most {@link #WINDOW} chunks of the HTTP client are buffered (the
 * rest waits in the socket: TCP flow control), and the response completes as soon as the headers are in. Unlike the
 * JDK's {@code ofInputStream}, a read that waits longer than the stall timeout cancels the exchange and throws, and
 * once {@link #expect} is set the body must be exactly that long: an early end throws {@link EOFException}, extra
 * bytes throw too; after a failure every read throws it again. {@link #close} before the end cancels the exchange (the
 * connection is dropped, not reused).
 */
final class StreamingBody implements HttpResponse.BodySubscriber<Integer>, ReadableByteChannel {
    /** Chunks requested ahead of the reader: about 4 MiB of the client's read buffers. */
    static final int WINDOW = Math.max(4, (4 << 20) / Math.max(4096, Integer.getInteger(RegistryClient.BUFSIZE_PROPERTY,
            16384)));
    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final long stallNanos;
    private final LongAdder counter;
    private volatile Flow.Subscription subscription;
    private volatile boolean open = true;
    private Iterator<ByteBuffer> chunk;
    private ByteBuffer current;
    private boolean ended;
    private IOException failure;
    private long remaining = -1;

    /**
     * @param stallNanos longest wait for the next bytes
     * @param counter    receives the number of body bytes read
     */
    StreamingBody(long stallNanos, LongAdder counter) {
        this.stallNanos = stallNanos;
        this.counter = counter;
    }

    /** The body must hold exactly {@code bytes} more bytes. */
    void expect(long bytes) {
        this.remaining = bytes;
    }

    @Override
    public CompletionStage<Integer> getBody() {
        return CompletableFuture.completedFuture(0);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (open) {
            s.request(WINDOW);
        } else {
            s.cancel();
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        queue.add(items);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(t);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (failure != null) {
            throw failure;
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        try {
            return transfer(dst);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private int transfer(ByteBuffer dst) throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (chunk != null && chunk.hasNext()) {
                current = chunk.next();
                continue;
            }
            if (chunk != null) {
                chunk = null;
                subscription.request(1);
            }
            if (ended) {
                return -1;
            }
            nextChunk();
            if (ended) {
                if (remaining > 0) {
                    throw new EOFException("body ended " + remaining + " bytes early");
                }
                return -1;
            }
        }
        int n = Math.min(dst.remaining(), current.remaining());
        if (remaining >= 0 && n > remaining) {
            cancel();
            throw new IOException("body longer than announced: more than " + remaining + " bytes left");
        }
        int limit = current.limit();
        current.limit(current.position() + n);
        dst.put(current);
        current.limit(limit);
        remaining -= remaining >= 0 ? n : 0;
        counter.add(n);
        return n;
    }

    @SuppressWarnings("unchecked")
    private void nextChunk() throws IOException {
        Object o;
        try {
            o = queue.poll(stallNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for body bytes");
        }
        if (o == null) {
            cancel();
            throw new HttpTimeoutException("no body bytes for " + stallNanos / 1_000_000 + " ms");
        }
        if (o == END) {
            ended = true;
        } else if (o instanceof Throwable) {
            ended = true;
            Throwable t = (Throwable) o;
            throw t instanceof IOException ? (IOException) t : new IOException(String.valueOf(t), t);
        } else {
            chunk = ((List<ByteBuffer>) o).iterator();
        }
    }

    private void cancel() {
        ended = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        queue.clear();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            if (!ended) {
                cancel();
            }
        }
    }
}
