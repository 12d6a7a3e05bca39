package io.obd4j.registry.auth;

import java.io.IOException;
import java.net.URI;

/** The one HTTP exchange the authenticator needs: GET the token endpoint, optionally with a Basic header. */
@FunctionalInterface
public interface TokenFetcher {
    /**
     * @param basicHeader {@code Basic …} or null for anonymous
     * @return the response body (status 200 only; anything else must throw)
     */
    byte[] fetch(URI tokenUri, String basicHeader) throws IOException;
}
