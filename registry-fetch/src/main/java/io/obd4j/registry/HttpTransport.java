package io.obd4j.registry;

import io.obd4j.registry.auth.Authenticator;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link Exchange}s: one attempt = the request plus its auth challenges and redirects, bounded by the policy's
 * attempt timeout (headers and body together: a stalled body is cancelled); {@link #retrying} wraps attempts in the
 * backoff. Redirects are followed here, not by {@link HttpClient}, so that credentials are never sent to another
 * origin (the blob storage host behind a 307).
 */
final class HttpTransport {
    static final int MAX_REDIRECTS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    private final HttpClient http;
    private final Http1Connector streams;
    private final RetryPolicy policy;
    private final String userAgent;
    private final RegistryStats stats;
    private Authenticator auth;

    HttpTransport(HttpClient http, Http1Connector streams, RetryPolicy policy, String userAgent, RegistryStats stats) {
        this.http = http;
        this.streams = streams;
        this.policy = policy;
        this.userAgent = userAgent;
        this.stats = stats;
    }

    void authenticator(Authenticator a) {
        this.auth = a;
    }

    RetryPolicy policy() {
        return policy;
    }

    /** A body of one attempt; thrown exceptions decide retry or failure. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws IOException;
    }

    /** Runs {@code attempt} until it succeeds, fails for good, or the attempts are used up. */
    <T> T retrying(String what, URI uri, Attempt<T> attempt) throws RegistryException {
        int status = 0;
        IOException last = null;
        int max = policy.maxAttempts();
        for (int a = 1; a <= max; a++) {
            long retryAfter = -1;
            try {
                return attempt.run();
            } catch (StatusException e) {
                status = e.status;
                last = e;
                if (!e.retryable) {
                    stats.failures.increment();
                    throw new RegistryException(what, RegistryException.redact(uri), e.status, a, e);
                }
                retryAfter = e.retryAfterNanos;
            } catch (RegistryException e) {
                stats.failures.increment();
                throw e;
            } catch (IOException e) {
                if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                    stats.failures.increment();
                    throw new RegistryException(what + " interrupted", RegistryException.redact(uri), status, a, e);
                }
                last = e;
            }
            if (a < max) {
                stats.retries.increment();
                long d = policy.delayNanos(a, retryAfter);
                LOG.debug("{} {}: attempt {} failed ({}), retrying in {} ms", what, RegistryException.redact(uri),
                        a, last.toString(), d / 1_000_000);
                try {
                    TimeUnit.NANOSECONDS.sleep(d);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    stats.failures.increment();
                    throw new RegistryException(what + " interrupted", RegistryException.redact(uri), status, a, ie);
                }
            }
        }
        stats.failures.increment();
        LOG.warn("{} {} failed after {} attempts: {}", what, RegistryException.redact(uri), max, String.valueOf(last));
        throw new RegistryException(what + " failed", RegistryException.redact(uri), status, max, last);
    }

    /** One attempt: answers auth challenges (at most twice) and follows redirects (at most 8). */
    Reply send(Exchange ex) throws IOException {
        URI uri = ex.uri;
        boolean withAuth = ex.authKey != null && auth != null;
        String header = withAuth ? auth.authorization(ex.authKey, ex.credentialUrl) : null;
        int challenges = 0;
        int hops = 0;
        boolean foreignSeen = false;
        while (true) {
            Reply r = sendOnce(ex, uri, withAuth ? header : null);
            if ((r.status == 401 || r.status == 403) && withAuth && challenges < 2
                    && r.header("WWW-Authenticate") != null) {
                String next = auth.challenge(ex.authKey, r.header("WWW-Authenticate"), ex.credentialUrl,
                        header != null);
                challenges++;
                if (next == null || next.equals(header) && challenges > 1) {
                    return r;
                }
                header = next;
                continue;
            }
            if (isRedirect(r.status) && ex.followRedirects && r.header("Location") != null) {
                if (++hops > MAX_REDIRECTS) {
                    throw new StatusException("more than " + MAX_REDIRECTS + " redirects", r.status, false, -1);
                }
                URI next = uri.resolve(r.header("Location").trim());
                if (!sameOrigin(next, ex.uri)) {
                    withAuth = false;
                    if (!foreignSeen && ex.onForeignRedirect != null) {
                        ex.onForeignRedirect.accept(next);
                    }
                    foreignSeen = true;
                }
                uri = next;
                continue;
            }
            return r;
        }
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    }

    /** Exactly one HTTP request, cancelled if the exchange (headers and body) exceeds the attempt timeout. */
    Reply sendOnce(Exchange ex, URI uri, String authorization) throws IOException {
        java.time.Duration timeout = ex.timeout != null ? ex.timeout : policy.attemptTimeout();
        if (ex.streamCounter != null) {
            return sendStreaming(ex, uri, authorization, timeout.toNanos());
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .version("https".equals(uri.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .method(ex.method, ex.body == null ? HttpRequest.BodyPublishers.noBody() : ex.body.get());
        if (userAgent != null) {
            b.header("User-Agent", userAgent);
        }
        for (int i = 0; i < ex.headers.size(); i += 2) {
            b.header(ex.headers.get(i), ex.headers.get(i + 1));
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        AtomicReference<HttpResponse.BodySubscriber<Integer>> collector = new AtomicReference<>();
        HttpResponse.BodyHandler<Integer> handler = info -> {
            HttpResponse.BodySubscriber<Integer> c = ex.collectorFor(info.statusCode());
            collector.set(c);
            return c;
        };
        stats.requests.increment();
        CompletableFuture<HttpResponse<Integer>> f = http.sendAsync(b.build(), handler);
        HttpResponse<Integer> resp;
        try {
            resp = f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new java.net.http.HttpTimeoutException("no complete answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a registry answer");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException) {
                throw (IOException) c;
            }
            throw new IOException(String.valueOf(c), c);
        }
        if (resp.version() == HttpClient.Version.HTTP_2) {
            stats.http2Responses.increment();
        }
        return new Reply(resp.statusCode(), resp.headers(), uri, collector.get(), resp.body());
    }

    /** A GET whose 2xx body is read as a stream: its own HTTP/1.1 connection, each wait bounded by the timeout. */
    private Reply sendStreaming(Exchange ex, URI uri, String authorization, long stallNanos) throws IOException {
        List<String> headers = new ArrayList<>(ex.headers.size() + 4);
        if (userAgent != null) {
            headers.add("User-Agent");
            headers.add(userAgent);
        }
        headers.addAll(ex.headers);
        if (authorization != null) {
            headers.add("Authorization");
            headers.add(authorization);
        }
        stats.requests.increment();
        Http1Connector.Response r = streams.get(uri, headers, stallNanos, ex.streamCounter);
        return new Reply(r.head.status, r.head.headers, uri, r.body);
    }
}
