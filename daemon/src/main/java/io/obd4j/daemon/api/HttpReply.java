package io.obd4j.daemon.api;

import java.nio.charset.StandardCharsets;

/** A complete HTTP response: status, content type and body. */
public record HttpReply(int status, String contentType, byte[] body, String allow) {
    public static final String JSON = "application/json";

    public static HttpReply json(int status, String body) {
        return new HttpReply(status, JSON, body.getBytes(StandardCharsets.UTF_8), null);
    }

    public static HttpReply text(int status, String contentType, String body) {
        return new HttpReply(status, contentType, body.getBytes(StandardCharsets.UTF_8), null);
    }

    /** The same reply with an {@code Allow} header (405 answers). */
    public HttpReply withAllow(String methods) {
        return new HttpReply(status, contentType, body, methods);
    }
}
