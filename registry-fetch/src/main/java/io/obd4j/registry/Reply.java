package io.obd4j.registry;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;

/** The outcome of one request: status, headers, the final URI, and the body (array, count or unread stream). */
final class Reply {
    final int status;
    final HttpHeaders headers;
    final URI uri;
    final HttpResponse.BodySubscriber<Integer> body;
    final int received;
    /** A streamed 2xx body, unread ({@link Exchange#streamCounter}); null otherwise. */
    final Http1Body channel;

    Reply(int status, HttpHeaders headers, URI uri, HttpResponse.BodySubscriber<Integer> body, int received) {
        this.status = status;
        this.headers = headers;
        this.uri = uri;
        this.body = body;
        this.received = received;
        this.channel = null;
    }

    Reply(int status, HttpHeaders headers, URI uri, Http1Body channel) {
        this.status = status;
        this.headers = headers;
        this.uri = uri;
        this.body = null;
        this.received = 0;
        this.channel = channel;
    }

    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    byte[] bytes() {
        return ((BodyCollector) body).bytes();
    }

    boolean isSuccess() {
        return status / 100 == 2;
    }
}
