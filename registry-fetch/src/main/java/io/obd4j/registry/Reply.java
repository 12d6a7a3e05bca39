package io.obd4j.registry;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;

/** The outcome of one request: status, headers, the final URI, and the body (array or count). */
final class Reply {
    final int status;
    final HttpHeaders headers;
    final URI uri;
    final HttpResponse.BodySubscriber<Integer> body;
    final int received;

    Reply(int status, HttpHeaders headers, URI uri, HttpResponse.BodySubscriber<Integer> body, int received) {
        this.status = status;
        this.headers = headers;
        this.uri = uri;
        this.body = body;
        this.received = received;
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
