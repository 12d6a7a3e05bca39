package io.obd4j.daemon.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP response: status, content type and body, or a {@link BodyStream} written while it is sent (large
 * downloads).
 */
public record HttpReply(int status, String contentType, byte[] body, String allow, BodyStream stream) {
    public static final String JSON = "application/json";

    /** A body of {@link #length()} bytes produced by {@link #writeTo}; the server sends it in bounded chunks. */
    public interface BodyStream {
        long length();

        void writeTo(OutputStream out) throws IOException;
    }

    public HttpReply(int status, String contentType, byte[] body, String allow) {
        this(status, contentType, body, allow, null);
    }

    /** A 200 whose body is streamed. */
    public static HttpReply stream(String contentType, BodyStream stream) {
        return new HttpReply(200, contentType, new byte[0], null, stream);
    }

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
