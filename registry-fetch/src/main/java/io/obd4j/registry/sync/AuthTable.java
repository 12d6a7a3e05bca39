package io.obd4j.registry.sync;

import io.obd4j.registry.auth.Credentials;
import io.obd4j.registry.auth.CredentialsProvider;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code auth} section of a rules file: entries keyed by {@code registry} or {@code registry/namespace[/…]};
 * the longest key that is a whole-component prefix of {@code registry/repository} wins (image-syncer's rule:
 * {@code quay.io/coreos} beats {@code quay.io}, and {@code quay.io/core} matches neither {@code quay.io/coreos/x}).
 * Also a {@link CredentialsProvider} for the registry client, which asks with blob URLs (Docker Hub's API host
 * {@code registry-1.docker.io} is looked up under the name rules use, {@code docker.io}).
 */
public final class AuthTable implements CredentialsProvider {
    private final Map<String, RegistryAccess> entries;

    public AuthTable(Map<String, RegistryAccess> entries) {
        this.entries = new TreeMap<>(entries);
    }

    /** The entry for {@code registry/repository} (or a bare registry), {@link RegistryAccess#DEFAULT} if none. */
    public RegistryAccess lookup(String registry, String repository) {
        String name = repository == null || repository.isEmpty() ? registry : registry + "/" + repository;
        RegistryAccess best = RegistryAccess.DEFAULT;
        int bestLength = -1;
        for (Map.Entry<String, RegistryAccess> e : entries.entrySet()) {
            String key = e.getKey();
            boolean prefix = name.equals(key) || name.startsWith(key) && name.charAt(key.length()) == '/';
            if (prefix && key.length() > bestLength) {
                best = e.getValue();
                bestLength = key.length();
            }
        }
        return best;
    }

    /** {@code http(s)://host[:port]/v2/<repository>/blobs/…} → the credentials of the best entry. */
    @Override
    public Credentials lookup(String blobUrl) {
        URI uri = URI.create(blobUrl);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String repo = "";
        if (path.startsWith("/v2/")) {
            int blobs = path.lastIndexOf("/blobs/");
            int manifests = path.lastIndexOf("/manifests/");
            int end = Math.max(blobs, manifests);
            repo = end > 4 ? path.substring(4, end) : path.substring(4);
        }
        String host = "registry-1.docker.io".equals(uri.getRawAuthority()) ? "docker.io" : uri.getRawAuthority();
        return lookup(host, repo).credentials();
    }

    public Map<String, RegistryAccess> entries() {
        return Map.copyOf(entries);
    }
}
