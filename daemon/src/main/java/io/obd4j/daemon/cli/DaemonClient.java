package io.obd4j.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client for the daemon's API on its {@code serviceConfig.address}: {@code http://IPv4:port} or
 * {@code unix:///path} (which {@code java.net.http} cannot reach). One request per connection
 * ({@code Connection: close}); bodies are sent and received with {@code Content-Length}, streamed.
 */
final class DaemonClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_HEADERS = 64 << 10;

    /** A whole reply. */
    record Reply(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() throws IOException {
            return body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
        }

        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final String address;
    private final SocketAddress to;

    /** {@code address} as serviceConfig.address writes it. */
    DaemonClient(String address) {
        this.address = address;
        URI uri = URI.create(address);
        if ("unix".equals(uri.getScheme()) && uri.getPath() != null) {
            to = UnixDomainSocketAddress.of(uri.getPath());
        } else if ("http".equals(uri.getScheme()) && uri.getHost() != null) {
            String host = uri.getHost().equals("localhost") ? "127.0.0.1" : uri.getHost();
            to = new InetSocketAddress(host, uri.getPort() < 0 ? 80 : uri.getPort());
        } else {
            throw new IllegalArgumentException("API address \"" + address + "\": expected http://<IPv4>:<port> or "
                    + "unix:///<path>");
        }
    }

    String address() {
        return address;
    }

    Reply call(String method, String path, JsonNode body) throws IOException {
        byte[] b = body == null ? null : JSON.writeValueAsBytes(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = exchange(method, path, b == null ? null : new java.io.ByteArrayInputStream(b),
                b == null ? -1 : b.length, "application/json", out);
        return new Reply(status, out.toByteArray());
    }

    /** Sends {@code file} as the body (streamed); returns the reply. */
    Reply upload(String path, Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(file)) {
            int status = exchange("POST", path, in, Files.size(file), "application/octet-stream", out);
            return new Reply(status, out.toByteArray());
        }
    }

    /**
     * A GET whose 2xx body is streamed into {@code sink}; any other status comes back with its (JSON error) body and
     * {@code sink} untouched.
     */
    Reply download(String path, OutputStream sink) throws IOException {
        ByteArrayOutputStream error = new ByteArrayOutputStream();
        int status = exchange("GET", path, null, -1, null, error, sink);
        return new Reply(status, error.toByteArray());
    }

    private int exchange(String method, String path, InputStream body, long length, String type, OutputStream out)
            throws IOException {
        return exchange(method, path, body, length, type, out, null);
    }

    /** One request; the reply body goes to {@code okSink} for a 2xx status when given, else to {@code out}. */
    private int exchange(String method, String path, InputStream body, long length, String type, OutputStream out,
                         OutputStream okSink) throws IOException {
        try (SocketChannel ch = SocketChannel.open(to)) {
            OutputStream w = Channels.newOutputStream(ch);
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: localhost\r\nConnection: close\r\n");
            if (body != null) {
                head.append("Content-Type: ").append(type).append("\r\nContent-Length: ").append(length)
                        .append("\r\n");
            } else if (!method.equals("GET")) {
                head.append("Content-Length: 0\r\n");
            }
            w.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                body.transferTo(w);
            }
            w.flush();
            InputStream r = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
            String status = line(r);
            if (!status.matches("HTTP/1\\.[01] \\d{3}.*")) {
                throw new IOException(address + ": not an HTTP reply: '" + status + "'");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long contentLength = -1;
            for (String h = line(r); !h.isEmpty(); h = line(r)) {
                int colon = h.indexOf(':');
                if (colon > 0 && h.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                    contentLength = Long.parseLong(h.substring(colon + 1).trim());
                }
            }
            OutputStream dst = okSink != null && code / 100 == 2 ? okSink : out;
            copy(r, dst, contentLength);
            return code;
        }
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = length < 0 ? Long.MAX_VALUE : length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                if (length >= 0) {
                    throw new IOException("the daemon's reply ended " + left + " bytes before its Content-Length "
                            + length);
                }
                return;
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0 || b.size() > MAX_HEADERS) {
                throw new IOException(address + ": the reply's headers ended early");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
