package io.obd4j.registry;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.atomic.LongAdder;

/**
 * A 2xx response body read from its {@link Wire} as the caller asks: once the bytes that came with the head are
 * used up, each read is one socket read straight into the caller's buffer (no intermediate copy on plain TCP).
 * Framed by {@code Content-Length}, chunked coding (RFC 9112 §7.1) or the connection's end. Once {@link #expect} is
 * set the body must be exactly that long: a short one throws {@link EOFException}, a longer one throws too, and after
 * a failure every read throws it again. The connection is closed at the end of the body, on a failure and on
 * {@link #close}; it is never reused.
 */
final class Http1Body implements ReadableByteChannel {
    private static final int MAX_LINE = 4096;

    private final Wire wire;
    private final ByteBuffer buf;
    private final boolean chunked;
    private final LongAdder counter;
    /** Length framing: body bytes not yet read; chunked: bytes left in the current chunk; -1: until the close. */
    private long left;
    /** Bytes the caller still expects, or -1 when it set no length. */
    private long expected = -1;
    private boolean firstChunk = true;
    private boolean ended;
    private boolean open = true;
    private IOException failure;

    /**
     * @param buf     in read mode: the body bytes that arrived with the head
     * @param length  the {@code Content-Length}, or -1 (chunked, or until the connection closes)
     * @param counter receives the number of body bytes read
     */
    Http1Body(Wire wire, ByteBuffer buf, long length, boolean chunked, LongAdder counter) {
        this.wire = wire;
        this.buf = buf;
        this.chunked = chunked;
        this.left = chunked ? 0 : length;
        this.counter = counter;
    }

    /**
     * The body must hold exactly {@code bytes} more bytes: reads stop there (a longer body's excess is never read
     * unless asked for, and then it is an error), and an earlier end is an {@link EOFException}.
     */
    void expect(long bytes) {
        this.expected = bytes;
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
            fail(e);
            throw e;
        }
    }

    private int transfer(ByteBuffer dst) throws IOException {
        if (ended) {
            return -1;
        }
        if (chunked && left == 0) {
            left = nextChunkSize();
            if (left == 0) {
                skipTrailers();
                return end();
            }
        }
        if (left == 0) {
            return end();
        }
        if (expected == 0) {
            // everything expected has arrived; a close-framed body must end here
            if (!chunked && left < 0 && readSome(ByteBuffer.allocate(1)) < 0) {
                return end();
            }
            throw new IOException(wire.peer() + ": body longer than announced");
        }
        long cap = Math.min(left < 0 ? Long.MAX_VALUE : left, expected < 0 ? Long.MAX_VALUE : expected);
        int limit = dst.limit();
        if (dst.remaining() > cap) {
            dst.limit(dst.position() + (int) cap);
        }
        int n;
        try {
            n = readSome(dst);
        } finally {
            dst.limit(limit);
        }
        if (n < 0) {
            if (chunked || left > 0 || expected > 0) {
                long missing = expected > 0 ? expected : left;
                throw new EOFException(wire.peer() + ": body ended " + (missing > 0 ? missing + " bytes " : "")
                        + "early");
            }
            return end();
        }
        left -= left > 0 ? n : 0;
        expected -= expected > 0 ? n : 0;
        counter.add(n);
        return n;
    }

    /** Bytes left over from earlier reads first, then one read from the wire. */
    private int readSome(ByteBuffer dst) throws IOException {
        if (!buf.hasRemaining()) {
            return wire.read(dst);
        }
        int n = Math.min(buf.remaining(), dst.remaining());
        int limit = buf.limit();
        buf.limit(buf.position() + n);
        dst.put(buf);
        buf.limit(limit);
        return n;
    }

    private long nextChunkSize() throws IOException {
        if (!firstChunk && !readLine().isEmpty()) {
            throw new IOException(wire.peer() + ": chunk data not followed by CRLF");
        }
        firstChunk = false;
        String line = readLine();
        int semi = line.indexOf(';');
        String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
        try {
            long size = Long.parseLong(hex, 16);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new IOException(wire.peer() + ": bad chunk size line '" + line + "'");
        }
    }

    private void skipTrailers() throws IOException {
        while (!readLine().isEmpty()) {
            continue;
        }
    }

    /** One CRLF-terminated line of the chunk framing, without its terminator. */
    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (!buf.hasRemaining()) {
                buf.clear();
                int n = wire.read(buf);
                buf.flip();
                if (n < 0) {
                    throw new EOFException(wire.peer() + ": chunked body ended inside its framing");
                }
            }
            char c = (char) (buf.get() & 0xff);
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new IOException(wire.peer() + ": chunk framing line longer than " + MAX_LINE + " bytes");
            }
            sb.append(c);
        }
    }

    private int end() throws EOFException {
        if (expected > 0) {
            throw new EOFException(wire.peer() + ": body ended " + expected + " bytes early");
        }
        ended = true;
        closeWire();
        return -1;
    }

    private void fail(IOException e) {
        failure = e;
        ended = true;
        closeWire();
    }

    private void closeWire() {
        try {
            wire.close();
        } catch (IOException e) {
            // the body's outcome is decided; a failing close changes nothing for the reader
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            closeWire();
        }
    }
}
