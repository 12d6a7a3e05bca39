package io.obd4j.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obd4j.registry.auth.Authenticator;
import io.obd4j.registry.auth.CredentialsProvider;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * OCI distribution client on {@link HttpClient}: ping, manifests (OCI and Docker media types), tags, blob size and
 * ranged blob reads. Pushing lives in {@link BlobPusher}. Thread-safe; one instance serves many registries and
 * keeps one authorisation state per repository.
 */
public final class RegistryClient implements Closeable {
    /** Accept header for manifests: OCI and Docker, single and multi-platform. */
    public static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
            MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST);
    /** The JDK HTTP client's read buffer size property (default 16 KiB). */
    static final String BUFSIZE_PROPERTY = "jdk.httpclient.bufsize";
    private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    static {
        // Streamed blob copies between registries (BlobStreamer) cost per read buffer (hand-offs between the
        // client's threads and ours): 256 KiB buffers ran ~1.3x faster than the default 16 KiB (docs/benchmarks.md).
        // The background download's stream does not use the JDK client at all (Http1Connector).
        // Read once by the JDK when its first client starts; an explicit -D setting wins.
        if (System.getProperty(BUFSIZE_PROPERTY) == null) {
            System.setProperty(BUFSIZE_PROPERTY, Integer.toString(256 * 1024));
        }
    }
    private static final ObjectMapper JSON = new ObjectMapper();

    final HttpTransport transport;
    private final ExecutorService executor;
    private final RegistryStats stats;
    private final String p2pPrefix;

    private RegistryClient(Builder b) {
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "obd4j-registry-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpClient.Builder hb = HttpClient.newBuilder().executor(executor).connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (b.sslContext != null) {
            hb.sslContext(b.sslContext);
        }
        this.stats = b.stats;
        this.transport = new HttpTransport(hb.build(), new Http1Connector(b.sslContext != null ? b.sslContext
                : defaultTls(), b.connectTimeout.toNanos()), b.retry, b.userAgent, b.stats);
        this.transport.authenticator(new Authenticator(b.credentials, this::fetchToken, System::nanoTime));
        String p = b.p2pPrefix;
        this.p2pPrefix = p == null || p.isEmpty() ? null : p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public RegistryStats stats() {
        return stats;
    }

    RetryPolicy policy() {
        return transport.policy();
    }

    private byte[] fetchToken(URI uri, String basic) throws IOException {
        Exchange ex = new Exchange("GET", uri);
        if (basic != null) {
            ex.header("Authorization", basic);
        }
        Reply r = transport.sendOnce(ex, uri, null);
        if (r.status != 200) {
            throw new StatusException("token request refused: HTTP " + r.status, 401, false, -1);
        }
        return r.bytes();
    }

    /** {@code GET /v2/} with credentials if challenged; returns the final status (200 when access works). */
    public int ping(Repository repo) throws RegistryException {
        URI uri = URI.create(repo.base() + "/v2/");
        return transport.retrying("ping", uri, () -> {
            Reply r = transport.send(new Exchange("GET", uri).auth(repo.authKey(), credentialUrl(repo)));
            if (r.status >= 500 || r.status == 429) {
                throw StatusException.of(r, "ping");
            }
            return r.status;
        });
    }

    /** Fetches a manifest by tag or digest; when {@code reference} is a digest the body is verified against it. */
    public Manifest getManifest(Repository repo, String reference) throws RegistryException {
        URI uri = repo.resolve("manifests/" + reference);
        return transport.retrying("get manifest", uri, () -> {
            Exchange ex = new Exchange("GET", uri).auth(repo.authKey(), credentialUrl(repo))
                    .header("Accept", MANIFEST_ACCEPT);
            ex.followRedirects = true;
            ex.cap = MAX_MANIFEST_BYTES;
            Reply r = transport.send(ex);
            if (r.status != 200) {
                throw StatusException.of(r, "get manifest");
            }
            byte[] body = r.bytes();
            Digest actual = Digest.sha256(body);
            if (reference.startsWith("sha256:") && !actual.toString().equals(reference)) {
                throw new StatusException("manifest digest mismatch: got " + actual, 200, true, -1);
            }
            String type = r.header("Content-Type");
            return new Manifest(type == null ? "" : type.split(";")[0].trim(), body, actual);
        });
    }

    /** All tags of {@code repo} (following {@code Link} pagination). */
    public List<String> listTags(Repository repo) throws RegistryException {
        List<String> tags = new ArrayList<>();
        URI uri = repo.resolve("tags/list");
        while (uri != null) {
            URI page = uri;
            Reply r = transport.retrying("list tags", page, () -> {
                Exchange ex = new Exchange("GET", page).auth(repo.authKey(), credentialUrl(repo));
                ex.cap = MAX_MANIFEST_BYTES;
                Reply rr = transport.send(ex);
                if (rr.status != 200) {
                    throw StatusException.of(rr, "list tags");
                }
                return rr;
            });
            try {
                JsonNode json = JSON.readTree(r.bytes());
                json.path("tags").forEach(t -> tags.add(t.asText()));
            } catch (IOException e) {
                throw new RegistryException("tag list is not JSON", RegistryException.redact(page), 200, 1, e);
            }
            uri = nextLink(page, r.header("Link"));
        }
        return tags;
    }

    private static URI nextLink(URI current, String link) {
        if (link == null || !link.contains("rel=\"next\"")) {
            return null;
        }
        int lt = link.indexOf('<');
        int gt = link.indexOf('>', lt + 1);
        return lt < 0 || gt < 0 ? null : current.resolve(link.substring(lt + 1, gt));
    }

    /** Blob size from {@code HEAD} (redirects followed), or from a one-byte range GET when HEAD says nothing. */
    public long blobSize(BlobUrl blob) throws RegistryException {
        URI uri = blob.uri();
        return transport.retrying("blob size", uri, () -> {
            Exchange ex = new Exchange("HEAD", uri).auth(blob.repository().authKey(), blob.toString());
            ex.followRedirects = true;
            Reply r = transport.send(ex);
            if (r.status == 200 && r.header("Content-Length") != null) {
                return Long.parseLong(r.header("Content-Length").trim());
            }
            if (r.status != 200) {
                throw StatusException.of(r, "blob size");
            }
            byte[] one = new byte[1];
            Exchange get = new Exchange("GET", uri).auth(blob.repository().authKey(), blob.toString())
                    .header("Range", "bytes=0-0").into(one, 0, 1);
            get.followRedirects = true;
            Reply g = transport.send(get);
            ContentRange cr = ContentRange.parse(g.header("Content-Range"));
            if (g.status != 206 || cr == null || cr.total < 0) {
                throw StatusException.of(g, "blob size");
            }
            return cr.total;
        });
    }

    /**
     * Reads exactly {@code len} bytes of the blob at {@code offset} into {@code dst[dstOff…]}, or throws; never
     * returns partial or wrong data (the body length and {@code Content-Range} are checked).
     *
     * @param size the blob size, used to accept a 200 answer only when the whole blob was asked for
     */
    void readRange(BlobRoute route, long size, long offset, byte[] dst, int dstOff, int len) throws RegistryException {
        String range = "bytes=" + offset + "-" + (offset + len - 1);
        transport.retrying("read blob range " + range, route.blob.uri(), () -> {
            Reply r = sendRange(route, size, offset, len, range, ex -> ex.into(dst, dstOff, len));
            if (r.received != len) {
                throw new StatusException("truncated body: " + r.received + " of " + len + " bytes", r.status, true,
                        -1);
            }
            stats.bytesFetched.add(len);
            return null;
        });
    }

    /**
     * Opens the blob from {@code offset} to its end as one ranged GET ({@code Range: bytes=offset-}), read as the
     * bytes arrive. Connecting, auth, redirects and error answers are retried per the policy; the channel then
     * throws on a stall, an early end or extra bytes, and the caller resumes with a new stream where it stopped.
     */
    ReadableByteChannel openStream(BlobRoute route, long size, long offset) throws RegistryException {
        String range = "bytes=" + offset + "-";
        return transport.retrying("stream blob " + range, route.blob.uri(), () -> {
            Reply r = sendRange(route, size, offset, size - offset, range, ex -> ex.streamCounter = stats.bytesFetched);
            r.channel.expect(size - offset);
            return r.channel;
        });
    }

    /**
     * One data request: to the remembered redirect target without credentials, else to the registry with them
     * (remembering where it redirects); the answer must carry exactly the range asked for.
     */
    private Reply sendRange(BlobRoute route, long size, long offset, long len, String range,
            java.util.function.Consumer<Exchange> bodyTarget) throws IOException {
        URI direct = route.location(System.nanoTime());
        Exchange ex = new Exchange("GET", dataUri(direct != null ? direct : route.blob.uri())).header("Range", range);
        bodyTarget.accept(ex);
        if (direct == null) {
            ex.auth(route.blob.repository().authKey(), route.blob.toString());
            ex.followRedirects = true;
            ex.onForeignRedirect = target -> route.remember(target, System.nanoTime());
        }
        Reply r;
        try {
            r = transport.send(ex);
        } catch (IOException e) {
            route.forget();
            throw e;
        }
        try {
            checkRange(r, range, size, offset, len, route, direct != null);
        } catch (StatusException e) {
            if (r.channel != null) {
                r.channel.close();
            }
            throw e;
        }
        return r;
    }

    private static void checkRange(Reply r, String range, long size, long offset, long len, BlobRoute route,
            boolean direct) throws StatusException {
        if (r.status == 206) {
            ContentRange cr = ContentRange.parse(r.header("Content-Range"));
            if (cr == null || cr.first != offset || cr.last != offset + len - 1 || cr.total >= 0 && cr.total != size) {
                route.forget();
                throw new StatusException("Content-Range '" + r.header("Content-Range") + "' does not match "
                        + range + " of " + size, 206, true, -1);
            }
        } else if (r.status == 200) {
            if (offset != 0 || len != size) {
                route.forget();
                throw new StatusException("server ignored Range " + range, 200, true, -1);
            }
        } else {
            route.forget();
            StatusException e = StatusException.of(r, "read blob");
            // A remembered redirect target that now refuses (expired pre-signed URL) is re-resolved, not fatal.
            throw direct ? new StatusException(e.getMessage(), r.status, true, e.retryAfterNanos) : e;
        }
    }

    private URI dataUri(URI u) {
        return p2pPrefix == null ? u : URI.create(p2pPrefix + "/" + u);
    }

    static String credentialUrl(Repository repo) {
        return repo.base() + "/v2/" + repo.name() + "/blobs/";
    }

    /** Stops the client's HTTP threads. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Options of a {@link RegistryClient}. */
    public static final class Builder {
        private SSLContext sslContext;
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private CredentialsProvider credentials = CredentialsProvider.ANONYMOUS;
        private String userAgent = "obd4j/0.1";
        private String p2pPrefix;
        private RegistryStats stats = new RegistryStats();

        /** TLS trust (e.g. {@link TlsContexts#trusting}); default: the JDK's trust store. */
        public Builder sslContext(SSLContext ctx) {
            this.sslContext = ctx;
            return this;
        }

        public Builder retry(RetryPolicy p) {
            this.retry = p;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        public Builder credentials(CredentialsProvider c) {
            this.credentials = c;
            return this;
        }

        public Builder userAgent(String ua) {
            this.userAgent = ua;
            return this;
        }

        /** overlaybd's P2P address: data URLs become {@code <prefix>/<actual url>} (spec §6.5); null = off. */
        public Builder p2pPrefix(String prefix) {
            this.p2pPrefix = prefix;
            return this;
        }

        public Builder stats(RegistryStats s) {
            this.stats = s;
            return this;
        }

        public RegistryClient build() {
            return new RegistryClient(this);
        }
    }
}
