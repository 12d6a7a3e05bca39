package io.obd4j.registry.auth;

/** Looks up credentials for a blob URL; called every time a token or Basic header is needed (overlaybd's
 * {@code reload_auth}), so a provider that rereads its source picks up changes after an auth failure. */
@FunctionalInterface
public interface CredentialsProvider {
    /** Anonymous access for every URL. */
    CredentialsProvider ANONYMOUS = url -> Credentials.ANONYMOUS;

    /** Credentials for {@code blobUrl} ({@code http(s)://host/v2/<repo>/blobs/<digest>}); never null. */
    Credentials lookup(String blobUrl);
}
