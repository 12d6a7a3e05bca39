package io.obd4j.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The streaming GET against a scripted loopback server that answers in pieces split at awkward points (inside the
 * status line, between head and body, inside chunk framing), then ends, stalls or closes early.
 */
class Http1ConnectorTest {
    static final long STALL = 5_000_000_000L;

    final LongAdder counted = new LongAdder();
    final Http1Connector connector = new Http1Connector(defaultTls(), 5_000_000_000L);
    final CountDownLatch release = new CountDownLatch(1);
    ServerSocket server;
    CompletableFuture<String> request;

    static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Serves one connection: reads the request head, writes {@code answer} cut at {@code cuts}, then closes. */
    URI serve(byte[] answer, boolean holdOpen, int... cuts) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        request = CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                String head = readHead(s.getInputStream());
                OutputStream out = s.getOutputStream();
                int from = 0;
                for (int c : cuts) {
                    out.write(answer, from, c - from);
                    out.flush();
                    from = c;
                }
                out.write(answer, from, answer.length - from);
                out.flush();
                if (holdOpen) {
                    release.await(30, TimeUnit.SECONDS);
                }
                return head;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v2/x/blobs/sha256:ab?q=1");
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @AfterEach
    void stop() throws IOException {
        release.countDown();
        if (server != null) {
            server.close();
        }
    }

    Http1Connector.Response get(URI uri) throws IOException {
        return connector.get(uri, List.of("Range", "bytes=5-", "Authorization", "Bearer t"), STALL, counted);
    }

    /** Reads the body to its end through small direct buffers. */
    static byte[] readAll(Http1Body body, int piece) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocateDirect(piece);
        while (true) {
            b.clear();
            int n = body.read(b);
            if (n < 0) {
                return out.toByteArray();
            }
            byte[] got = new byte[n];
            b.flip().get(got);
            out.writeBytes(got);
        }
    }

    @Test
    void aLengthFramedBodyArrivesWholeAcrossAwkwardSplitsAndTheRequestIsWellFormed() throws Exception {
        byte[] data = bytes(100_000);
        byte[] head = ascii("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 5-100004/100005\r\n"
                + "Content-Length: 100000\r\nX-Twice: a\r\nx-twice: b\r\n\r\n");
        URI uri = serve(concat(head, data), false, 3, 9, head.length - 1, head.length + 1, head.length + 4099);
        Http1Connector.Response r = get(uri);
        assertThat(r.head.status).isEqualTo(206);
        assertThat(r.head.headers.allValues("X-TWICE")).containsExactly("a", "b");
        r.body.expect(data.length);
        assertThat(readAll(r.body, 333)).isEqualTo(data);
        assertThat(counted.sum()).isEqualTo(data.length);
        String req = request.get(10, TimeUnit.SECONDS);
        assertThat(req).startsWith("GET /v2/x/blobs/sha256:ab?q=1 HTTP/1.1\r\n")
                .contains("Host: 127.0.0.1:" + uri.getPort() + "\r\n", "Range: bytes=5-\r\n",
                        "Authorization: Bearer t\r\n", "Connection: close\r\n");
    }

    @Test
    void aChunkedBodyIsDecodedWithExtensionsAndTrailers() throws Exception {
        byte[] data = bytes(10_000);
        byte[] answer = concat(ascii("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n"), Arrays.copyOfRange(data, 0, 1),
                ascii("\r\n1f40;ext=1\r\n"),
                Arrays.copyOfRange(data, 1, 8001), ascii("\r\n7cf\r\n"), Arrays.copyOfRange(data, 8001, 10_000),
                ascii("\r\n0\r\nTrailer: x\r\n\r\n"));
        URI uri = serve(answer, true, 20, 57, 60, 75, 76, 5000, answer.length - 3);
        Http1Connector.Response r = get(uri);
        assertThat(r.head.status).isEqualTo(200);
        r.body.expect(data.length);
        assertThat(readAll(r.body, 4096)).isEqualTo(data);
    }

    @Test
    void anEarlyEndIsAnErrorAndStaysOne() throws Exception {
        URI uri = serve(concat(ascii("HTTP/1.1 206 P\r\nContent-Length: 100\r\n\r\n"), bytes(60)), false, 30);
        Http1Connector.Response r = get(uri);
        r.body.expect(100);
        ByteBuffer dst = ByteBuffer.allocate(100);
        while (dst.position() < 60) {
            assertThat(r.body.read(dst)).isPositive();
        }
        assertThatThrownBy(() -> r.body.read(dst)).isInstanceOf(EOFException.class)
                .hasMessageContaining("40 bytes early");
        assertThatThrownBy(() -> r.body.read(dst)).isInstanceOf(EOFException.class);
    }

    @Test
    void bytesBeyondTheExpectedLengthAreNeverDeliveredAndAskingForThemFails() throws Exception {
        URI uri = serve(concat(ascii("HTTP/1.0 200 OK\r\n\r\n"), bytes(16)), false);
        Http1Connector.Response r = get(uri);
        r.body.expect(10);
        ByteBuffer dst = ByteBuffer.allocate(16);
        while (dst.position() < 10) {
            assertThat(r.body.read(dst)).isPositive();
        }
        assertThat(dst.position()).isEqualTo(10);
        assertThatThrownBy(() -> r.body.read(dst)).isInstanceOf(IOException.class)
                .hasMessageContaining("longer than announced");
    }

    @Test
    void aStalledBodyTimesOutAndAClosedBodyRefusesReads() throws Exception {
        URI uri = serve(concat(ascii("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n"), bytes(5)), true);
        Http1Connector.Response r = connector.get(uri, List.of(), 200_000_000L, counted);
        ByteBuffer dst = ByteBuffer.allocate(50);
        assertThat(r.body.read(dst)).isEqualTo(5);
        assertThatThrownBy(() -> r.body.read(dst)).isInstanceOf(HttpTimeoutException.class)
                .hasMessageContaining("200 ms");
        r.body.close();
        assertThatThrownBy(() -> r.body.read(dst)).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void anErrorAnswerKeepsItsHeadersAndDropsItsBody() throws Exception {
        URI uri = serve(ascii("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"r\"\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\noops!\r\n0\r\n\r\n"), false, 11);
        Http1Connector.Response r = get(uri);
        assertThat(r.head.status).isEqualTo(401);
        assertThat(r.head.headers.firstValue("www-authenticate")).hasValue("Bearer realm=\"r\"");
        assertThat(r.body).isNull();
    }

    @Test
    void malformedAnswersAndRequestsAreRejectedWithTheirReason() throws Exception {
        URI uri = serve(ascii("SSH-2.0-OpenSSH_9.2\r\n\r\n"), false);
        assertThatThrownBy(() -> get(uri)).isInstanceOf(IOException.class)
                .hasMessageContaining("expected an HTTP/1.x status line").hasMessageContaining("SSH-2.0");
        assertThatThrownBy(() -> connector.get(uri, List.of("X", "a\r\nInjected: 1"), STALL, counted))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character");
        List<String> none = new ArrayList<>();
        assertThatThrownBy(() -> connector.get(URI.create("ftp://127.0.0.1/x"), none, STALL, counted))
                .hasMessageContaining("scheme must be http or https");
    }
}
