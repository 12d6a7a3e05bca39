package io.obd4j.daemon.backing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * Downloads a URL into a {@link SourceFile}: {@code HEAD} for the size and the validator ({@code ETag}, else
 * {@code Last-Modified}), then {@code GET}; a transfer that does not start at byte 0 (after a disconnect, an idle
 * timeout — no byte for {@code idleTimeout} — or a daemon restart) asks {@code Range: bytes=<received>-} with
 * {@code If-Range: <validator>} (RFC 9110 13.1.5), so a file that changed on the server comes back whole (200). A
 * server that answers a ranged GET with 200 (no Range support, or a changed file) is read again from byte 0, with a
 * log line. Gives up after {@link #MAX_RETRIES} failed attempts in a row that brought no new byte. {@link #close()}
 * cancels running transfers at once, even while the server sends nothing.
 */
final class UrlDownloader {
    static final int MAX_RETRIES = 5;
    private static final Logger LOG = LoggerFactory.getLogger(UrlDownloader.class);
    /** How often a waiting transfer looks at the stop flag and the idle clock. */
    private static final long POLL_MILLIS = 100;

    /** What a HEAD says about the file: size (-1 = unknown), and its validators ("" when absent). */
    record Remote(long size, String etag, String lastModified) {
        /** The {@code If-Range} value: a strong ETag, else the Last-Modified date, else "" (none usable). */
        String validator() {
            if (!etag.isEmpty() && !etag.startsWith("W/")) {
                return etag;
            }
            return lastModified;
        }
    }

    private final Duration idleTimeout;
    private final HttpClient client;
    private volatile boolean closed;

    UrlDownloader(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
        this.client = HttpClient.newBuilder().connectTimeout(idleTimeout).followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The size and validators a HEAD reports. */
    Remote head(String url) throws IOException {
        HttpResponse<Void> r = await(url, client.sendAsync(request(url).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()), null);
        if (r.statusCode() >= 400) {
            throw new HttpStatusException("HEAD " + url + ": HTTP " + r.statusCode());
        }
        HttpHeaders h = r.headers();
        return new Remote(h.firstValueAsLong("Content-Length").orElse(-1), h.firstValue("ETag").orElse("").strip(),
                h.firstValue("Last-Modified").orElse("").strip());
    }

    /** Fetches {@code url} (as {@code remote} describes it) into {@code out}, from {@code out.position()} on. */
    void download(String url, Remote remote, SourceFile out, LongConsumer progress) throws IOException {
        long size = remote.size();
        int failures = 0;
        while (true) {
            long before = out.position();
            try {
                fetchOnce(url, remote, out, progress);
                if (size < 0 || out.position() == size) {
                    return;
                }
                if (out.position() > size) {
                    throw new HttpStatusException("GET " + url + ": got " + out.position() + " bytes, HEAD said "
                            + size);
                }
                throw new IOException("GET " + url + ": connection ended at byte " + out.position() + " of " + size);
            } catch (IOException e) {
                if (closed || e instanceof HttpStatusException) {
                    throw e;
                }
                failures = out.position() > before ? 1 : failures + 1;
                if (failures > MAX_RETRIES) {
                    throw e;
                }
            }
        }
    }

    /** One GET from the current position into {@code out}. */
    private void fetchOnce(String url, Remote remote, SourceFile out, LongConsumer progress) throws IOException {
        long from = out.position();
        HttpRequest.Builder req = request(url).GET();
        if (from > 0) {
            req.header("Range", "bytes=" + from + "-");
            if (!remote.validator().isEmpty()) {
                req.header("If-Range", remote.validator());
            }
        }
        BodySink sink = new BodySink(out, progress);
        HttpResponse.BodyHandler<Void> handler = info -> {
            try {
                accept(url, remote, from, info, out);
            } catch (IOException e) {
                sink.refuse(e);
                return BodySubscribers.replacing(null);
            }
            return BodySubscribers.ofByteArrayConsumer(sink);
        };
        try {
            await(url, client.sendAsync(req.build(), handler), sink);
        } finally {
            sink.stop();
        }
        sink.rethrow();
    }

    /** Checks the status and range of a GET's response before its body is taken. */
    private static void accept(String url, Remote remote, long from, HttpResponse.ResponseInfo info, SourceFile out)
            throws IOException {
        int code = info.statusCode();
        if (code >= 400) {
            throw new HttpStatusException("GET " + url + ": HTTP " + code);
        }
        if (from > 0 && code != 206) {
            LOG.warn("GET {} asked bytes={}- but got HTTP {} (the server ignores Range, or the file changed): "
                    + "starting again from byte 0", url, from, code);
            out.reset();
            return;
        }
        if (from > 0) {
            Optional<String> range = info.headers().firstValue("Content-Range");
            if (range.isEmpty() || !range.get().startsWith("bytes " + from + "-")) {
                throw new HttpStatusException("GET " + url + ": asked bytes=" + from + "- but got Content-Range "
                        + range.orElse("(none)"));
            }
            String etag = info.headers().firstValue("ETag").orElse("").strip();
            if (!remote.etag().isEmpty() && !etag.isEmpty() && !etag.equals(remote.etag())) {
                // a server that ignored If-Range: the rest belongs to another file
                throw new HttpStatusException("GET " + url + ": the file changed during the download (ETag " + etag
                        + ", the download began with " + remote.etag() + "); create the backing image again");
            }
        }
    }

    /** Waits for a response, cancelling it on {@link #close()} or when no byte came for the idle timeout. */
    private <T> HttpResponse<T> await(String url, CompletableFuture<HttpResponse<T>> f, BodySink sink)
            throws IOException {
        long idle = idleTimeout.toNanos();
        while (true) {
            try {
                return f.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (closed) {
                    f.cancel(true);
                    throw new StoppedException("download of " + url + " stopped");
                }
                long last = sink == null ? -1 : sink.lastByteNanos();
                if (last >= 0 && System.nanoTime() - last > idle || last < 0 && sink != null && sink.idleSince(idle)) {
                    f.cancel(true);
                    throw new IOException("GET " + url + ": no byte for " + idleTimeout.toMillis() + " ms");
                }
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof IOException io ? io : new IOException(url + ": " + c, c);
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                throw new StoppedException("download of " + url + " interrupted");
            }
        }
    }

    private HttpRequest.Builder request(String url) throws HttpStatusException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new HttpStatusException("url \"" + url + "\": " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new HttpStatusException("url \"" + url + "\": only http and https are supported");
        }
        return HttpRequest.newBuilder(uri).timeout(idleTimeout).header("Accept-Encoding", "identity");
    }

    /** Stops every running download: they end with {@link StoppedException} within {@link #POLL_MILLIS}. */
    void close() {
        closed = true;
    }

    /** A final answer (bad URL, 4xx/5xx, wrong range): retrying does not help. */
    static class HttpStatusException extends IOException {
        private static final long serialVersionUID = 1L;

        HttpStatusException(String message) {
            super(message);
        }
    }

    /** The downloader was closed (the daemon stops): the transfer is to be resumed at the next start. */
    static final class StoppedException extends HttpStatusException {
        private static final long serialVersionUID = 1L;

        StoppedException(String message) {
            super(message);
        }
    }
}
