package io.obd4j.registry;

import java.net.URI;

/** Which manifest a reference names right now, asked with {@code HEAD} so that nothing is downloaded. */
public final class ManifestHead {
    private ManifestHead() {
    }

    /**
     * The digest of the manifest {@code reference} (tag or digest) names in {@code repo}, or null when the
     * registry has no such reference (404). Uses {@code Docker-Content-Digest}; a registry that does not send it
     * is asked with a GET and the body hashed.
     */
    public static Digest digest(RegistryClient client, Repository repo, String reference) throws RegistryException {
        URI uri = repo.resolve("manifests/" + reference);
        return client.transport.retrying("head manifest", uri, () -> {
            Exchange ex = new Exchange("HEAD", uri).auth(repo.authKey(), RegistryClient.credentialUrl(repo))
                    .header("Accept", RegistryClient.MANIFEST_ACCEPT);
            ex.followRedirects = true;
            Reply r = client.transport.send(ex);
            if (r.status == 404) {
                return null;
            }
            if (r.status != 200) {
                throw StatusException.of(r, "head manifest");
            }
            String header = r.header("Docker-Content-Digest");
            if (header == null) {
                return client.getManifest(repo, reference).digest();
            }
            try {
                return Digest.parse(header.trim());
            } catch (RegistryException e) {
                throw new StatusException("head manifest: bad Docker-Content-Digest '" + header + "'", 200, false,
                        -1);
            }
        });
    }
}
