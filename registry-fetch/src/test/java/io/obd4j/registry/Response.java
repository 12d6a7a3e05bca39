package io.obd4j.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** An upstream HTTP/1.1 response as {@link FaultProxy} relays it (test helper). */
final class Response {
    private static final java.util.Set<String> HOP = java.util.Set.of("connection", "transfer-encoding",
            "content-length", "keep-alive");

    int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    byte[] body = new byte[0];
    private String upstreamLength;

    /** Forwards {@code r} to {@code target}'s host with {@code path}, without credentials, and reads the answer. */
    static Response fetch(FaultProxy.Request r, URI target, String path) throws IOException {
        try (Socket s = new Socket(target.getHost(), target.getPort())) {
            StringBuilder sb = new StringBuilder();
            sb.append(r.method).append(' ').append(path).append(" HTTP/1.1\r\n");
            sb.append("Host: ").append(target.getHost()).append(':').append(target.getPort()).append("\r\n");
            sb.append("Connection: close\r\n");
            for (Map.Entry<String, String> h : r.headers.entrySet()) {
                String k = h.getKey();
                if (!k.equals("host") && !k.equals("connection") && !k.equals("authorization")
                        && !k.equals("upgrade") && !k.equals("http2-settings")) {
                    sb.append(k).append(": ").append(h.getValue()).append("\r\n");
                }
            }
            sb.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(r.body);
            out.flush();
            return parse(s.getInputStream(), "HEAD".equals(r.method));
        }
    }

    private static Response parse(InputStream in, boolean head) throws IOException {
        Response resp = new Response();
        String status = FaultProxy.Request.readLine(in);
        resp.status = Integer.parseInt(status.split(" ")[1]);
        boolean chunked = false;
        for (String h; (h = FaultProxy.Request.readLine(in)) != null && !h.isEmpty();) {
            int c = h.indexOf(':');
            String k = h.substring(0, c).trim();
            String v = h.substring(c + 1).trim();
            String lk = k.toLowerCase(Locale.ROOT);
            if (lk.equals("transfer-encoding") && v.contains("chunked")) {
                chunked = true;
            }
            if (lk.equals("content-length")) {
                resp.upstreamLength = v;
            }
            if (!HOP.contains(lk)) {
                resp.headers.put(k, v);
            }
        }
        if (head) {
            return resp;
        }
        resp.body = chunked ? dechunk(in) : in.readAllBytes();
        return resp;
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            String line = FaultProxy.Request.readLine(in);
            int n = Integer.parseInt(line.split(";")[0].trim(), 16);
            if (n == 0) {
                return b.toByteArray();
            }
            b.write(in.readNBytes(n));
            FaultProxy.Request.readLine(in);
        }
    }

    /** Sends the headers with the full Content-Length but only half the body (the caller then closes). */
    void truncate(OutputStream out) throws IOException {
        writeHead(out, status, headers, body.length);
        out.write(body, 0, body.length / 2);
        out.flush();
    }

    static void send(OutputStream out, int status, Map<String, String> headers, byte[] body, boolean head)
            throws IOException {
        writeHead(out, status, headers, body.length);
        if (!head) {
            out.write(body);
        }
        out.flush();
    }

    void sendHead(OutputStream out) throws IOException {
        writeHead(out, status, headers, upstreamLength == null ? 0 : Long.parseLong(upstreamLength));
        out.flush();
    }

    private static void writeHead(OutputStream out, int status, Map<String, String> headers, long length)
            throws IOException {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
        }
        sb.append("Content-Length: ").append(length).append("\r\n\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
