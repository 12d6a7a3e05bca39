package io.obd4j.registry;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** One HTTP request as the transport sends it, possibly several times (retries, challenges, redirects). */
final class Exchange {
    final String method;
    final URI uri;
    final List<String> headers = new ArrayList<>();
    /** Authorisation state key (repository), or null to send no credentials. */
    String authKey;
    /** The URL the credentials provider is asked about (overlaybd passes the blob URL). */
    String credentialUrl;
    Supplier<HttpRequest.BodyPublisher> body;
    boolean followRedirects;
    /** Called with the first redirect target that leaves the original origin. */
    Consumer<URI> onForeignRedirect;
    /** Where a 2xx body goes: a fixed array slice, or a capped buffer when {@code target} is null. */
    byte[] target;
    int targetOffset;
    int targetLength;
    int cap = 64 * 1024;
    /**
     * When set, the request goes over a connection of its own ({@link Http1Connector}) and a 2xx body is handed
     * over unread as {@link Reply#channel}, its bytes counted here.
     */
    LongAdder streamCounter;
    /** When set, a 2xx body goes to a subscriber from here instead of a collector (a streamed blob copy). */
    Supplier<HttpResponse.BodySubscriber<Integer>> subscriber;
    /** When set, replaces the policy's attempt timeout (a streamed upload lasts as long as its body). */
    Duration timeout;

    Exchange(String method, URI uri) {
        this.method = method;
        this.uri = uri;
    }

    Exchange header(String name, String value) {
        headers.add(name);
        headers.add(value);
        return this;
    }

    Exchange auth(String key, String credUrl) {
        this.authKey = key;
        this.credentialUrl = credUrl;
        return this;
    }

    Exchange into(byte[] dst, int offset, int length) {
        this.target = dst;
        this.targetOffset = offset;
        this.targetLength = length;
        return this;
    }

    HttpResponse.BodySubscriber<Integer> collectorFor(int status) {
        if (status / 100 == 2 && subscriber != null) {
            return subscriber.get();
        }
        if (status / 100 == 2 && target != null) {
            return BodyCollector.into(target, targetOffset, targetLength);
        }
        return BodyCollector.capped(status / 100 == 2 ? cap : 16 * 1024);
    }
}
