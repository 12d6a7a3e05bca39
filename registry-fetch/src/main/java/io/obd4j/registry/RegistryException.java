package io.obd4j.registry;

import java.io.IOException;
import java.net.URI;

/**
 * A registry operation failed for good: after the retry budget, or at once for answers that retrying cannot fix
 * (401/403 after re-authentication, 404, 416, a malformed reference). The message names the URL without query or
 * user info (pre-signed blob URLs carry signatures there), the last HTTP status (0 when none) and the attempts.
 * Passwords and tokens never appear in it.
 */
public class RegistryException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String url;
    private final int status;
    private final int attempts;

    public RegistryException(String what, String url, int status, int attempts, Throwable cause) {
        super(what + ": " + url + " (" + (status > 0 ? "HTTP " + status : "no HTTP status") + ", " + attempts
                + (attempts == 1 ? " attempt)" : " attempts)") + causeText(cause), cause);
        this.url = url;
        this.status = status;
        this.attempts = attempts;
    }

    /** A local validation failure (bad reference, bad digest text) before any request was made. */
    public RegistryException(String what, String subject) {
        super(what + ": " + subject);
        this.url = subject;
        this.status = 0;
        this.attempts = 0;
    }

    /** A message used as is, for subclasses whose subject is not a URL (a rules file and field). */
    protected RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.url = "";
        this.status = 0;
        this.attempts = 0;
    }

    private static String causeText(Throwable cause) {
        if (cause == null) {
            return "";
        }
        String m = cause.getMessage();
        return ": " + cause.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }

    /** {@code scheme://authority/path} of {@code uri}: no user info, no query, no fragment. */
    public static String redact(URI uri) {
        if (uri == null) {
            return "?";
        }
        String host = uri.getHost() == null ? "" : uri.getHost();
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + host + port + path;
    }

    public String url() {
        return url;
    }

    /** The last HTTP status seen, 0 if no response arrived. */
    public int status() {
        return status;
    }

    public int attempts() {
        return attempts;
    }

    /** True when the registry refused the credentials (overlaybd's EPERM, "Authentication failed"). */
    public boolean isAuthFailure() {
        return status == 401 || status == 403;
    }

    /** True when the blob or manifest does not exist (404). */
    public boolean isNotFound() {
        return status == 404;
    }
}
