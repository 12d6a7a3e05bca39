package io.obd4j.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Plain TCP as a non-blocking {@link SocketChannel} with its own {@link Selector}, so that a read can wait with a
 * timeout: the body bytes go from the socket straight into the caller's (direct) buffer, one {@code read(2)} each,
 * and the selector is only consulted when the socket has nothing yet.
 */
final class PlainWire implements Wire {
    private final SocketChannel ch;
    private final Selector selector;
    private final SelectionKey key;
    private final long stallNanos;
    private final String peer;

    private PlainWire(SocketChannel ch, Selector selector, SelectionKey key, long stallNanos, String peer) {
        this.ch = ch;
        this.selector = selector;
        this.key = key;
        this.stallNanos = stallNanos;
        this.peer = peer;
    }

    static PlainWire connect(InetSocketAddress addr, long connectNanos, long stallNanos) throws IOException {
        SocketChannel ch = SocketChannel.open();
        Selector selector = null;
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            selector = Selector.open();
            SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT);
            long deadline = System.nanoTime() + connectNanos;
            boolean connected = ch.connect(addr);
            while (!connected) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new HttpConnectTimeoutException("connect to " + addr + " timed out after "
                            + connectNanos / 1_000_000 + " ms");
                }
                await(selector, left);
                connected = ch.finishConnect();
            }
            key.interestOps(SelectionKey.OP_READ);
            return new PlainWire(ch, selector, key, stallNanos, addr.toString());
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        long deadline = 0;
        while (true) {
            int n = ch.read(dst);
            if (n != 0) {
                return n;
            }
            long now = System.nanoTime();
            if (deadline == 0) {
                deadline = now + stallNanos;
            } else if (now - deadline >= 0) {
                throw new HttpTimeoutException("no bytes from " + peer + " for " + stallNanos / 1_000_000 + " ms");
            }
            await(selector, deadline - now);
        }
    }

    @Override
    public void writeFully(ByteBuffer src) throws IOException {
        long deadline = System.nanoTime() + stallNanos;
        while (src.hasRemaining()) {
            if (ch.write(src) > 0) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new HttpTimeoutException(peer + " took no bytes for " + stallNanos / 1_000_000 + " ms");
            }
            key.interestOps(SelectionKey.OP_WRITE);
            try {
                await(selector, left);
            } finally {
                key.interestOps(SelectionKey.OP_READ);
            }
        }
    }

    /** Waits until the selector reports readiness or {@code nanos} pass; an interrupt ends the wait with an error. */
    private static void await(Selector selector, long nanos) throws IOException {
        selector.select(Math.max(1, (nanos + 999_999) / 1_000_000));
        selector.selectedKeys().clear();
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted waiting for the registry");
        }
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public void close() throws IOException {
        try {
            ch.close();
        } finally {
            selector.close();
        }
    }
}
