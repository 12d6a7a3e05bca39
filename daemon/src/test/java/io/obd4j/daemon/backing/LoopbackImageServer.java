package io.obd4j.daemon.backing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server (the JDK's) serving one byte array at {@code /image}: HEAD gives the size, a GET whose
 * {@code Range: bytes=N-} the subclass honours is answered 206 from N, any other GET 200 with everything; the
 * subclass decides how the body goes out.
 */
abstract class LoopbackImageServer implements AutoCloseable {
    protected final byte[] content;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    LoopbackImageServer(byte[] content) throws IOException {
        this.content = content;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/image", this::serve);
        server.setExecutor(threads);
    }

    /** Starts serving; called by the subclass once its own fields are set. */
    final void start() {
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/image";
    }

    /** Headers every answer (HEAD and GET) carries. */
    void answerHeaders(Headers headers) {
    }

    /** Where a GET starts when its range is honoured (206), or -1 to answer 200 with everything. */
    abstract int rangeStart(HttpExchange x);

    /** Writes {@code content} from {@code from} to the body and ends the exchange. */
    abstract void sendBody(HttpExchange x, OutputStream out, int from) throws IOException;

    static String header(HttpExchange x, String name) {
        String v = x.getRequestHeaders().getFirst(name);
        return v == null ? "" : v;
    }

    static int rangeFrom(String range) {
        return Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
    }

    private void serve(HttpExchange x) throws IOException {
        answerHeaders(x.getResponseHeaders());
        if (x.getRequestMethod().equals("HEAD")) {
            x.getResponseHeaders().set("Content-Length", Long.toString(content.length));
            x.sendResponseHeaders(200, -1);
            x.close();
            return;
        }
        int from = rangeStart(x);
        if (from >= 0) {
            x.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/"
                    + content.length);
            x.sendResponseHeaders(206, content.length - from);
        } else {
            x.sendResponseHeaders(200, content.length);
        }
        sendBody(x, x.getResponseBody(), Math.max(from, 0));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
