package io.obd4j.daemon.backing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link LoopbackImageServer} that sends its body in 64 KiB chunks, each only when the test {@link #allow allows}
 * it, so a download can be caught at a known point. Answers carry a strong {@code ETag} and {@code Last-Modified};
 * with {@code ranges} a GET with {@code Range: bytes=N-} whose {@code If-Range} matches is answered 206, otherwise
 * (or without {@code ranges}) 200 with everything.
 */
final class SlowFileServer extends LoopbackImageServer {
    static final int CHUNK = 64 << 10;
    static final String ETAG = "\"disk-v1\"";
    static final String LAST_MODIFIED = "Mon, 23 Nov 2026 20:00:00 GMT";

    private final boolean ranges;
    private final List<Map<String, String>> gets = new CopyOnWriteArrayList<>();
    private final Semaphore chunks = new Semaphore(0);
    private final AtomicLong sent = new AtomicLong();

    SlowFileServer(byte[] content, boolean ranges) throws IOException {
        super(content);
        this.ranges = ranges;
        start();
    }

    /** Lets {@code n} more 64 KiB chunks go out. */
    void allow(int n) {
        chunks.release(n);
    }

    /** Lets everything go out from now on. */
    void unthrottle() {
        chunks.release(Integer.MAX_VALUE / 2);
    }

    /** Body bytes sent so far, over all GETs. */
    long sent() {
        return sent.get();
    }

    /** The {@code Range} and {@code If-Range} headers of every GET ("" when absent), in order. */
    List<Map<String, String>> gets() {
        return gets;
    }

    @Override
    void answerHeaders(Headers headers) {
        headers.set("ETag", ETAG);
        headers.set("Last-Modified", LAST_MODIFIED);
        if (ranges) {
            headers.set("Accept-Ranges", "bytes");
        }
    }

    @Override
    int rangeStart(HttpExchange x) {
        String range = header(x, "Range");
        String ifRange = header(x, "If-Range");
        gets.add(Map.of("Range", range, "If-Range", ifRange));
        boolean honoured = ranges && !range.isEmpty() && (ifRange.isEmpty() || ifRange.equals(ETAG));
        return honoured ? rangeFrom(range) : -1;
    }

    @Override
    void sendBody(HttpExchange x, OutputStream body, int from) {
        try (OutputStream out = body) {
            for (int at = from; at < content.length; at += CHUNK) {
                chunks.acquireUninterruptibly();
                int n = Math.min(CHUNK, content.length - at);
                out.write(content, at, n);
                out.flush();
                sent.addAndGet(n);
            }
        } catch (IOException e) {
            // the client went away (the manager was stopped)
        }
    }

    @Override
    public void close() {
        unthrottle();
        super.close();
    }
}
