package io.obd4j.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS over a blocking {@link SSLSocket} of the client's {@link SSLContext} (the configured CA bundle), with the
 * server's name checked against its certificate as HTTPS requires; the stall timeout is the socket's read timeout.
 * Decrypted bytes pass through one staging array.
 */
final class TlsWire implements Wire {
    private static final int STAGE = 64 * 1024;

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;
    private final long stallNanos;
    private final String peer;
    private final byte[] stage = new byte[STAGE];

    private TlsWire(SSLSocket socket, long stallNanos, String peer) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.stallNanos = stallNanos;
        this.peer = peer;
    }

    static TlsWire connect(InetSocketAddress addr, String host, SSLContext ctx, long connectNanos, long stallNanos)
            throws IOException {
        Socket raw = new Socket();
        try {
            try {
                raw.connect(addr, millis(connectNanos));
            } catch (SocketTimeoutException e) {
                throw new HttpConnectTimeoutException("connect to " + addr + " timed out after "
                        + connectNanos / 1_000_000 + " ms");
            }
            raw.setTcpNoDelay(true);
            raw.setSoTimeout(millis(stallNanos));
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, addr.getPort(), true);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setApplicationProtocols(new String[] {"http/1.1"});
            s.setSSLParameters(p);
            try {
                s.startHandshake();
            } catch (SocketTimeoutException e) {
                throw new HttpTimeoutException("TLS handshake with " + addr + " stalled for "
                        + stallNanos / 1_000_000 + " ms");
            }
            return new TlsWire(s, stallNanos, addr.toString());
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static int millis(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, nanos / 1_000_000));
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        int n;
        try {
            n = in.read(stage, 0, Math.min(stage.length, dst.remaining()));
        } catch (SocketTimeoutException e) {
            throw new HttpTimeoutException("no bytes from " + peer + " for " + stallNanos / 1_000_000 + " ms");
        }
        if (n > 0) {
            dst.put(stage, 0, n);
        }
        return n;
    }

    @Override
    public void writeFully(ByteBuffer src) throws IOException {
        byte[] b = new byte[src.remaining()];
        src.get(b);
        out.write(b);
        out.flush();
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
