package io.obd4j.daemon.backing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server (the JDK's) serving one byte array at {@code /image}: HEAD with the size, GET with
 * {@code Range: bytes=N-} answered 206, and the first {@code cutGets} GETs cut off after {@code cutAt} bytes (or, when
 * {@code stall}, left silent from there until the server closes).
 */
final class LoopbackFileServer implements AutoCloseable {
    private final HttpServer server;
    private final byte[] content;
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final AtomicInteger cutsLeft;
    private final int cutAt;
    private final boolean stall;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    LoopbackFileServer(byte[] content, int cutGets, int cutAt) throws IOException {
        this(content, cutGets, cutAt, false);
    }

    LoopbackFileServer(byte[] content, int cutGets, int cutAt, boolean stall) throws IOException {
        this.content = content;
        this.stall = stall;
        this.cutsLeft = new AtomicInteger(cutGets);
        this.cutAt = cutAt;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/image", this::serve);
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/image";
    }

    /** The Range header of every GET ("" when none), in order. */
    List<String> ranges() {
        return ranges;
    }

    private void serve(HttpExchange x) throws IOException {
        if (x.getRequestMethod().equals("HEAD")) {
            x.getResponseHeaders().set("Content-Length", Long.toString(content.length));
            x.sendResponseHeaders(200, -1);
            x.close();
            return;
        }
        String range = x.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "" : range);
        int from = 0;
        if (range != null) {
            from = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
            x.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/"
                    + content.length);
            x.sendResponseHeaders(206, content.length - from);
        } else {
            x.sendResponseHeaders(200, content.length);
        }
        OutputStream out = x.getResponseBody();
        if (cutsLeft.getAndDecrement() > 0) {
            out.write(content, from, Math.min(cutAt, content.length - from));
            out.flush();
            if (stall) {
                awaitClose();
            }
            // fewer bytes than announced: the JDK server drops the connection, the client sees a premature end
            x.close();
            return;
        }
        out.write(content, from, content.length - from);
        x.close();
    }

    private void awaitClose() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
