package io.obd4j.registry;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 proxy in front of a real (plain) registry that injects faults into blob GETs, can act as a
 * bearer-token front (challenge, token endpoint, token expiry), can redirect blob GETs to a second loopback server
 * (which records any Authorization header it receives), and forwards P2P-style {@code /prefix/http://…} URLs.
 */
public final class FaultProxy implements Closeable {
    enum Fault { RESET, STALL, STATUS_500, STATUS_503, STATUS_429, TRUNCATE, BAD_CONTENT_RANGE, IGNORE_RANGE,
        LONG_BODY, STALL_BODY }

    final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    final AtomicInteger requests = new AtomicInteger();
    public final AtomicInteger blobRequests = new AtomicInteger();
    final AtomicInteger tokenRequests = new AtomicInteger();
    final AtomicInteger p2pRequests = new AtomicInteger();
    final AtomicInteger redirectedRequests = new AtomicInteger();
    final AtomicInteger authHeadersAtRedirectTarget = new AtomicInteger();
    /** The {@code Range} header of every blob GET ("" when absent), in arrival order. */
    final List<String> ranges = Collections.synchronizedList(new ArrayList<>());
    /** Body bytes of blob GET answers sent to the client (what the client fetched, as the wire saw it). */
    public final java.util.concurrent.atomic.AtomicLong blobBodyBytes = new java.util.concurrent.atomic.AtomicLong();
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    volatile boolean bearer;
    volatile String tokenUser;
    volatile String tokenPassword;
    volatile boolean redirect;
    volatile long stallMillis = 3000;
    volatile String retryAfter = "0";
    private final URI upstream;
    private final Server main;
    private final Server blobs;
    private final AtomicInteger tokenSeq = new AtomicInteger();

    public FaultProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.main = new Server(false);
        this.blobs = new Server(true);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + main.socket.getLocalPort());
    }

    /** Forgets every issued token (as if they expired): the next request with one gets 401. */
    void expireTokens() {
        validTokens.clear();
    }

    @Override
    public void close() throws IOException {
        main.close();
        blobs.close();
    }

    /** One listening socket with a thread per connection. */
    private final class Server implements Closeable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final boolean blobServer;
        final Set<Socket> open = ConcurrentHashMap.newKeySet();
        final Thread acceptor;

        Server(boolean blobServer) throws IOException {
            this.blobServer = blobServer;
            acceptor = new Thread(this::accept, "fault-proxy-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    open.add(s);
                    Thread t = new Thread(() -> serve(s), "fault-proxy-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                while (true) {
                    Request r = Request.read(in);
                    if (r == null || !handle(r, out, blobServer)) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // connection ends
            } finally {
                open.remove(s);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }

    /** Handles one request; false closes the connection. */
    private boolean handle(Request r, OutputStream out, boolean blobServer) throws IOException, InterruptedException {
        requests.incrementAndGet();
        log.add((blobServer ? "blob " : "") + r.method + " " + r.target);
        if (blobServer) {
            redirectedRequests.incrementAndGet();
            if (r.headers.containsKey("authorization")) {
                authHeadersAtRedirectTarget.incrementAndGet();
            }
            String path = URI.create(r.target).getRawPath();
            return applyFaultsAndForward(r, out, upstream, path);
        }
        int p2p = r.target.indexOf("/http://");
        if (p2p >= 0) {
            p2pRequests.incrementAndGet();
            URI target = URI.create(r.target.substring(p2p + 1));
            return applyFaultsAndForward(r, out, target, target.getRawPath());
        }
        if (r.target.startsWith("/token")) {
            return token(r, out);
        }
        if (bearer && r.target.startsWith("/v2/") && !authorized(r)) {
            String repo = r.target.replaceFirst("^/v2/", "").replaceFirst("/(blobs|manifests|tags)/.*$", "");
            Response.send(out, 401, Map.of("WWW-Authenticate", "Bearer realm=\"" + url() + "/token\","
                    + "service=\"fault-proxy\",scope=\"repository:" + repo + ":pull,push\""), new byte[0], false);
            return true;
        }
        if (redirect && "GET".equals(r.method) && r.target.contains("/blobs/sha256:")) {
            Response.send(out, 307, Map.of("Location", "http://127.0.0.1:" + blobs.socket.getLocalPort()
                    + r.target + "?X-Signature=s3cr3t-signature"), new byte[0], false);
            return true;
        }
        return applyFaultsAndForward(r, out, upstream, r.target);
    }

    private boolean authorized(Request r) {
        String a = r.headers.get("authorization");
        return a != null && a.startsWith("Bearer ") && validTokens.contains(a.substring(7));
    }

    private boolean token(Request r, OutputStream out) throws IOException {
        tokenRequests.incrementAndGet();
        if (tokenUser != null) {
            String want = new io.obd4j.registry.auth.Credentials(tokenUser, tokenPassword).basicHeader();
            if (!want.equals(r.headers.get("authorization"))) {
                Response.send(out, 401, Map.of(), "{\"errors\":[]}".getBytes(StandardCharsets.UTF_8), false);
                return true;
            }
        }
        String tok = "tok-" + tokenSeq.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        validTokens.add(tok);
        byte[] body = ("{\"token\":\"" + tok + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
        Response.send(out, 200, Map.of("Content-Type", "application/json"), body, false);
        return true;
    }

    private boolean applyFaultsAndForward(Request r, OutputStream out, URI target, String path)
            throws IOException, InterruptedException {
        Fault f = null;
        if ("GET".equals(r.method) && path.contains("/blobs/sha256:")) {
            blobRequests.incrementAndGet();
            ranges.add(r.headers.getOrDefault("range", ""));
            f = faults.poll();
        }
        if (f == Fault.RESET) {
            return false;
        }
        if (f == Fault.STALL) {
            Thread.sleep(stallMillis);
            return false;
        }
        if (f == Fault.STATUS_500 || f == Fault.STATUS_503 || f == Fault.STATUS_429) {
            int code = f == Fault.STATUS_500 ? 500 : f == Fault.STATUS_503 ? 503 : 429;
            Map<String, String> h = f == Fault.STATUS_429 ? Map.of("Retry-After", retryAfter) : Map.of();
            Response.send(out, code, h, "oops".getBytes(StandardCharsets.UTF_8), false);
            return true;
        }
        if (f == Fault.IGNORE_RANGE) {
            r.headers.remove("range");
        }
        Response resp = Response.fetch(r, target, path);
        if (f == Fault.TRUNCATE || f == Fault.STALL_BODY) {
            blobBodyBytes.addAndGet(resp.body.length / 2);
            resp.truncate(out);
            if (f == Fault.STALL_BODY) {
                Thread.sleep(stallMillis);
            }
            return false;
        }
        if (f == Fault.BAD_CONTENT_RANGE && resp.headers.containsKey("Content-Range")) {
            resp.headers.put("Content-Range", resp.headers.get("Content-Range").replaceFirst("bytes (\\d+)",
                    "bytes 1$1"));
        }
        if (f != null || "GET".equals(r.method) && path.contains("/blobs/sha256:")) {
            blobBodyBytes.addAndGet(resp.body.length + (f == Fault.LONG_BODY ? 10 : 0));
        }
        if (f == Fault.LONG_BODY) {
            byte[] longer = java.util.Arrays.copyOf(resp.body, resp.body.length + 10);
            Response.send(out, resp.status, resp.headers, longer, false);
            return true;
        }
        if ("HEAD".equals(r.method)) {
            resp.sendHead(out);
        } else {
            Response.send(out, resp.status, resp.headers, resp.body, false);
        }
        return true;
    }

    /** A parsed HTTP/1.1 request. */
    static final class Request {
        String method;
        String target;
        final Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = new byte[0];

        static Request read(InputStream in) throws IOException {
            String line = readLine(in);
            if (line == null || line.isEmpty()) {
                return null;
            }
            Request r = new Request();
            String[] parts = line.split(" ");
            r.method = parts[0];
            r.target = parts[1];
            for (String h; (h = readLine(in)) != null && !h.isEmpty();) {
                int c = h.indexOf(':');
                r.headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
            }
            String cl = r.headers.get("content-length");
            if (cl != null) {
                r.body = in.readNBytes(Integer.parseInt(cl));
            }
            return r;
        }

        static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c; (c = in.read()) >= 0;) {
                if (c == '\n') {
                    String s = b.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                b.write(c);
            }
            return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
