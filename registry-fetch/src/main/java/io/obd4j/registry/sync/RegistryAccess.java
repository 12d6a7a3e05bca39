package io.obd4j.registry.sync;

import io.obd4j.registry.auth.Credentials;
import java.nio.file.Path;

/**
 * How to reach a registry or namespace: credentials (anonymous when empty), plain HTTP, TLS without certificate
 * checks ({@code insecure}, image-syncer's flag for self-signed registries) or TLS trusting a CA bundle.
 *
 * @param http use {@code http://} instead of {@code https://}
 * @param insecure HTTPS without verifying the certificate chain or host name
 * @param caFile PEM bundle to trust instead of the JDK's trust store, or null
 */
public record RegistryAccess(Credentials credentials, boolean http, boolean insecure, Path caFile) {
    /** Anonymous HTTPS with the JDK's trust store. */
    public static final RegistryAccess DEFAULT = new RegistryAccess(Credentials.ANONYMOUS, false, false, null);

    public RegistryAccess {
        credentials = credentials == null ? Credentials.ANONYMOUS : credentials;
    }

    /** The TLS setting, which decides which HTTP client serves the registry. */
    String tlsKey() {
        if (http) {
            return "http";
        }
        return insecure ? "insecure" : caFile == null ? "default" : "ca:" + caFile.toAbsolutePath();
    }

    public String scheme() {
        return http ? "http" : "https";
    }
}
