package io.obd4j.registry.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A username and password. {@link #toString()} never shows the password. */
public final class Credentials {
    /** No credentials: anonymous access (overlaybd's empty user and password). */
    public static final Credentials ANONYMOUS = new Credentials("", "");

    private final String username;
    private final String password;

    public Credentials(String username, String password) {
        this.username = username == null ? "" : username;
        this.password = password == null ? "" : password;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public boolean isAnonymous() {
        return username.isEmpty();
    }

    /** {@code Basic base64(user:pass)}. */
    public String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return isAnonymous() ? "anonymous" : "user " + username + " (password hidden)";
    }
}
