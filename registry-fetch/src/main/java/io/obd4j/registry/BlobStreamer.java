package io.obd4j.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Copies one blob between repositories without touching disk: the source GET's body is piped into the destination
 * upload (one monolithic PUT, or PATCH chunks then PUT) through the HTTP client's back-pressured buffers, so memory
 * does not grow with the blob: over HTTP/1.1 a copy holds a few 16 KiB buffers; over HTTP/2 (https) a source may send
 * ahead up to the JDK's flow-control windows ({@code jdk.httpclient.windowsize} per stream, at most
 * {@code jdk.httpclient.connectionWindowSize}, 32 MiB by default, per source connection) when the destination is
 * slower. The bytes are counted and hashed on the way; a wrong length or
 * digest fails the upload before it completes. Source and destination may be different clients (different TLS
 * settings). One attempt is a fresh GET plus a fresh upload session; attempts follow the destination's policy.
 */
public final class BlobStreamer {
    private final RegistryClient source;
    private final RegistryClient destination;
    private final BlobPusher pusher;
    private final long chunkSize;
    private final long minBytesPerSecond;

    /**
     * @param chunkSize PATCH chunk size in bytes; 0 uploads every blob in one PUT
     * @param minBytesPerSecond the slowest transfer tolerated: an upload of {@code n} bytes may take the attempt
     *     timeout plus {@code n / minBytesPerSecond} seconds before it is cancelled
     */
    public BlobStreamer(RegistryClient source, RegistryClient destination, long chunkSize, long minBytesPerSecond) {
        if (chunkSize < 0 || minBytesPerSecond <= 0) {
            throw new IllegalArgumentException("chunkSize must be >= 0 and minBytesPerSecond > 0, found "
                    + chunkSize + ", " + minBytesPerSecond);
        }
        this.source = source;
        this.destination = destination;
        this.pusher = new BlobPusher(destination);
        this.chunkSize = chunkSize;
        this.minBytesPerSecond = minBytesPerSecond;
    }

    /**
     * Streams blob {@code digest} of {@code size} bytes from {@code from} to {@code to}.
     *
     * @param progress called with each piece of bytes read from the source (a retried attempt reports again)
     */
    public void copy(Repository from, Repository to, Digest digest, long size, LongConsumer progress)
            throws RegistryException {
        URI start = to.resolve("blobs/uploads/");
        destination.transport.retrying("copy blob " + digest + " from " + from, start, () -> {
            // Upload session first: a destination that is down fails the attempt before a source GET is opened.
            URI location = pusher.startUpload(to, start);
            try (InputStream body = open(from, digest)) {
                VerifyingStream in = new VerifyingStream(body, digest, size, progress);
                if (chunkSize == 0 || size <= chunkSize) {
                    send("PUT", BlobPusher.withDigest(location, digest), to, in, size, null, "upload blob");
                    in.verifyComplete();
                } else {
                    for (long off = 0; off < size; off += chunkSize) {
                        long n = Math.min(chunkSize, size - off);
                        Reply r = send("PATCH", location, to, in.limited(n), n, off + "-" + (off + n - 1), null);
                        if (r.status != 202 || r.header("Location") == null) {
                            throw StatusException.of(r, "upload chunk");
                        }
                        location = location.resolve(r.header("Location"));
                    }
                    in.verifyComplete();
                    send("PUT", BlobPusher.withDigest(location, digest), to, InputStream.nullInputStream(), 0, null,
                            "complete chunked upload");
                }
            }
            source.stats().bytesFetched.add(size);
            return null;
        });
    }

    /** GET of the blob whose 200 body is handed over as a stream (redirects followed, credentials kept home). */
    private InputStream open(Repository from, Digest digest) throws IOException {
        URI uri = from.blobUri(digest);
        AtomicReference<InputStream> stream = new AtomicReference<>();
        Exchange ex = new Exchange("GET", uri).auth(from.authKey(), uri.toString());
        ex.followRedirects = true;
        ex.subscriber = () -> HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofInputStream(), in -> {
            stream.set(in);
            return 0;
        });
        Reply r = source.transport.send(ex);
        if (r.status != 200 || stream.get() == null) {
            if (stream.get() != null) {
                stream.get().close();
            }
            throw StatusException.of(r, "get blob");
        }
        return stream.get();
    }

    /**
     * One upload request whose body is read from {@code in} exactly once; {@code expectCreated} names the step when
     * a 201 is required, null to return the reply to the caller.
     */
    private Reply send(String method, URI uri, Repository to, InputStream in, long length, String contentRange,
            String expectCreated) throws IOException {
        Exchange ex = new Exchange(method, uri).auth(to.authKey(), RegistryClient.credentialUrl(to))
                .header("Content-Type", "application/octet-stream");
        if (contentRange != null) {
            ex.header("Content-Range", contentRange);
        }
        if (length > 0) {
            OneShot once = new OneShot(in);
            ex.body = () -> HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(once::take), length);
        }
        ex.timeout = destination.policy().attemptTimeout().plus(Duration.ofSeconds(length / minBytesPerSecond));
        Reply r = destination.transport.send(ex);
        if (expectCreated != null) {
            BlobPusher.expectCreated(r, expectCreated);
        }
        return r;
    }

    /**
     * A streamed body can be sent once: if the transport repeats the request (an auth challenge, a redirect), the
     * repeat fails and the attempt starts over from a fresh GET instead of sending half-consumed bytes.
     */
    private static final class OneShot {
        private final InputStream in;
        private boolean taken;

        OneShot(InputStream in) {
            this.in = in;
        }

        synchronized InputStream take() {
            if (taken) {
                return new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("a streamed blob body cannot be sent twice");
                    }
                };
            }
            taken = true;
            return in;
        }
    }
}
