package io.obd4j.daemon.backing;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Downloads a URL into a {@link SourceFile}: {@code HEAD} for the size, then {@code GET}; after a disconnect or an
 * idle timeout (no byte for {@code idleTimeout}) it continues with {@code Range: bytes=<received>-}. A server that
 * answers a ranged GET with 200 is read again from the start. Gives up after {@link #MAX_RETRIES} failed attempts
 * in a row that brought no new byte.
 */
final class UrlDownloader {
    static final int MAX_RETRIES = 5;

    private final Duration idleTimeout;

    UrlDownloader(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    /** The {@code Content-Length} of a HEAD, or -1 when the server does not say. */
    long size(String url) throws IOException {
        HttpURLConnection c = open(url);
        try {
            c.setRequestMethod("HEAD");
            int code = c.getResponseCode();
            if (code >= 400) {
                throw new IOException("HEAD " + url + ": HTTP " + code);
            }
            return c.getContentLengthLong();
        } finally {
            c.disconnect();
        }
    }

    /** Fetches {@code url} (of {@code size} bytes, -1 = unknown) into {@code out}. */
    void download(String url, long size, SourceFile out, LongConsumer progress) throws IOException {
        int failures = 0;
        while (true) {
            long before = out.position();
            try {
                if (fetchOnce(url, out, progress) && (size < 0 || out.position() >= size)) {
                    if (size >= 0 && out.position() != size) {
                        throw new HttpStatusException("GET " + url + ": got " + out.position() + " bytes, HEAD said "
                                + size);
                    }
                    return;
                }
                throw new IOException("GET " + url + ": connection ended at byte " + out.position() + " of " + size);
            } catch (IOException e) {
                failures = out.position() > before ? 1 : failures + 1;
                if (failures > MAX_RETRIES || e instanceof HttpStatusException) {
                    throw e;
                }
            }
        }
    }

    /** One GET from the current position; true when the body ended normally. */
    private boolean fetchOnce(String url, SourceFile out, LongConsumer progress) throws IOException {
        HttpURLConnection c = open(url);
        try {
            long from = out.position();
            if (from > 0) {
                c.setRequestProperty("Range", "bytes=" + from + "-");
            }
            int code = c.getResponseCode();
            if (code >= 400) {
                throw new HttpStatusException("GET " + url + ": HTTP " + code);
            }
            if (from > 0 && code != HttpURLConnection.HTTP_PARTIAL) {
                out.reset();
            } else if (from > 0) {
                String range = c.getHeaderField("Content-Range");
                if (range == null || !range.startsWith("bytes " + from + "-")) {
                    throw new HttpStatusException("GET " + url + ": asked bytes=" + from + "- but got Content-Range "
                            + range);
                }
            }
            try (InputStream in = c.getInputStream()) {
                out.transfer(in, progress);
            }
            return true;
        } finally {
            c.disconnect();
        }
    }

    private HttpURLConnection open(String url) throws IOException {
        URL u;
        try {
            u = URI.create(url).toURL();
        } catch (IllegalArgumentException e) {
            throw new HttpStatusException("url \"" + url + "\": " + e.getMessage());
        }
        if (!(u.openConnection() instanceof HttpURLConnection c)) {
            throw new HttpStatusException("url \"" + url + "\": only http and https are supported");
        }
        c.setConnectTimeout((int) idleTimeout.toMillis());
        c.setReadTimeout((int) idleTimeout.toMillis());
        c.setRequestProperty("Accept-Encoding", "identity");
        return c;
    }

    /** A final answer (bad URL, 4xx/5xx, wrong range): retrying does not help. */
    static final class HttpStatusException extends IOException {
        private static final long serialVersionUID = 1L;

        HttpStatusException(String message) {
            super(message);
        }
    }
}
