package io.obd4j.daemon.backing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP server (the JDK's) that serves one byte array at {@code /image} in 64 KiB chunks, each sent only
 * when the test {@link #allow allows} it, so a download can be caught at a known point. HEAD gives the size, a strong
 * {@code ETag} and {@code Last-Modified}; with {@code ranges} a GET with {@code Range: bytes=N-} whose
 * {@code If-Range} matches is answered 206, otherwise (or without {@code ranges}) 200 with everything.
 */
final class SlowFileServer implements AutoCloseable {
    static final int CHUNK = 64 << 10;
    static final String ETAG = "\"disk-v1\"";
    static final String LAST_MODIFIED = "Mon, 23 Nov 2026 20:00:00 GMT";

    private final HttpServer server;
    private final byte[] content;
    private final boolean ranges;
    private final List<Map<String, String>> gets = new CopyOnWriteArrayList<>();
    private final Semaphore chunks = new Semaphore(0);
    private final AtomicLong sent = new AtomicLong();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    SlowFileServer(byte[] content, boolean ranges) throws IOException {
        this.content = content;
        this.ranges = ranges;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/image", this::serve);
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/image";
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

    private void serve(HttpExchange x) throws IOException {
        x.getResponseHeaders().set("ETag", ETAG);
        x.getResponseHeaders().set("Last-Modified", LAST_MODIFIED);
        if (ranges) {
            x.getResponseHeaders().set("Accept-Ranges", "bytes");
        }
        if (x.getRequestMethod().equals("HEAD")) {
            x.getResponseHeaders().set("Content-Length", Long.toString(content.length));
            x.sendResponseHeaders(200, -1);
            x.close();
            return;
        }
        String range = header(x, "Range");
        String ifRange = header(x, "If-Range");
        gets.add(Map.of("Range", range, "If-Range", ifRange));
        int from = 0;
        if (ranges && !range.isEmpty() && (ifRange.isEmpty() || ifRange.equals(ETAG))) {
            from = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
            x.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/"
                    + content.length);
            x.sendResponseHeaders(206, content.length - from);
        } else {
            x.sendResponseHeaders(200, content.length);
        }
        try (OutputStream out = x.getResponseBody()) {
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

    private static String header(HttpExchange x, String name) {
        String v = x.getRequestHeaders().getFirst(name);
        return v == null ? "" : v;
    }

    @Override
    public void close() {
        unthrottle();
        server.stop(0);
        threads.shutdownNow();
    }
}
