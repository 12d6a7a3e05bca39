package io.obd4j.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The whole-blob streaming GET over a connection of its own, HTTP/1.1 on a {@link Wire}: a request goes out, the
 * head comes back, and a 2xx body is handed over unread as an {@link Http1Body} whose bytes go from the socket
 * straight into the reader's buffers. No pooling, no HTTP/2: one long transfer per connection is what it is for,
 * and it spares the JDK client's per-read heap buffers and thread hand-offs (docs/benchmarks.md). Auth challenges
 * and redirects stay with {@link HttpTransport}, which calls this once per hop.
 */
final class Http1Connector {
    private static final Pattern CONTROL = Pattern.compile("[\\r\\n\\x00]");

    private final SSLContext ssl;
    private final long connectNanos;

    Http1Connector(SSLContext ssl, long connectNanos) {
        this.ssl = ssl;
        this.connectNanos = connectNanos;
    }

    /** A response: status and headers, and for a 2xx answer the unread body (else the connection is closed). */
    static final class Response {
        final ResponseHead head;
        final Http1Body body;

        Response(ResponseHead head, Http1Body body) {
            this.head = head;
            this.body = body;
        }
    }

    /**
     * Sends {@code GET uri} with {@code headers} (name, value, name, value …) and reads the head.
     *
     * @param stallNanos longest wait for any byte of the answer (head or body)
     * @param counter    receives the body bytes read
     */
    Response get(URI uri, List<String> headers, long stallNanos, LongAdder counter) throws IOException {
        String scheme = uri.getScheme();
        boolean tls = "https".equalsIgnoreCase(scheme);
        if (!tls && !"http".equalsIgnoreCase(scheme)) {
            throw new IOException(RegistryException.redact(uri) + ": scheme must be http or https");
        }
        String host = uri.getHost();
        if (host == null) {
            throw new IOException(RegistryException.redact(uri) + ": no host");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetSocketAddress addr = new InetSocketAddress(bare, port);
        if (addr.isUnresolved()) {
            throw new UnknownHostException(host);
        }
        Wire wire = tls ? TlsWire.connect(addr, bare, ssl, connectNanos, stallNanos)
                : PlainWire.connect(addr, connectNanos, stallNanos);
        try {
            wire.writeFully(request(uri, host, headers));
            ByteBuffer buf = ByteBuffer.allocate(ResponseHead.MAX_BYTES);
            ResponseHead head = ResponseHead.read(wire, buf);
            if (head.status / 100 != 2) {
                wire.close();
                return new Response(head, null);
            }
            return new Response(head, new Http1Body(wire, buf, head.chunked() ? -1 : head.contentLength(wire.peer()),
                    head.chunked(), counter));
        } catch (IOException | RuntimeException e) {
            wire.close();
            throw e;
        }
    }

    private static ByteBuffer request(URI uri, String host, List<String> headers) {
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target += "?" + uri.getRawQuery();
        }
        StringBuilder sb = new StringBuilder(256).append("GET ").append(target).append(" HTTP/1.1\r\nHost: ")
                .append(host);
        if (uri.getPort() >= 0) {
            sb.append(':').append(uri.getPort());
        }
        sb.append("\r\nConnection: close\r\n");
        for (int i = 0; i < headers.size(); i += 2) {
            if (CONTROL.matcher(headers.get(i)).find() || CONTROL.matcher(headers.get(i + 1)).find()) {
                throw new IllegalArgumentException("header " + headers.get(i) + " holds a control character");
            }
            sb.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
        }
        sb.append("\r\n");
        return ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
