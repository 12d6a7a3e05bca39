package io.obd4j.registry;

import java.net.URI;

/**
 * A remote layer blob as {@code config.v1.json} names it: {@code repoBlobUrl} ({@code https://host/v2/<repo>/blobs})
 * plus {@code digest}. {@link #toString()} is the URL overlaybd requests; {@link #sourceName()} is the name with
 * overlaybd's leading {@code /} that appears in audit lines and cache source names (spec §3.1).
 */
public final class BlobUrl {
    private final Repository repository;
    private final Digest digest;

    public BlobUrl(Repository repository, Digest digest) {
        this.repository = repository;
        this.digest = digest;
    }

    /** Parses {@code repoBlobUrl} and {@code digest} from an image config. */
    public static BlobUrl of(String repoBlobUrl, String digest) throws RegistryException {
        if (repoBlobUrl == null || repoBlobUrl.isEmpty()) {
            throw new RegistryException("empty repoBlobUrl", String.valueOf(repoBlobUrl));
        }
        String s = repoBlobUrl.endsWith("/") ? repoBlobUrl.substring(0, repoBlobUrl.length() - 1) : repoBlobUrl;
        return parse(s + "/" + digest);
    }

    /** Parses {@code http(s)://host[:port]/v2/<repo>/blobs/<digest>}. */
    public static BlobUrl parse(String url) throws RegistryException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new RegistryException("malformed blob URL", url);
        }
        String path = uri.getRawPath();
        if (path == null || !path.startsWith("/v2/")) {
            throw new RegistryException("blob URL path must start with /v2/", RegistryException.redact(uri));
        }
        int blobs = path.lastIndexOf("/blobs/");
        if (blobs <= 4) {
            throw new RegistryException("blob URL must end in /blobs/<digest>", RegistryException.redact(uri));
        }
        URI base = URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
        Repository repo = Repository.of(base, path.substring(4, blobs));
        return new BlobUrl(repo, Digest.parse(path.substring(blobs + 7)));
    }

    public Repository repository() {
        return repository;
    }

    public Digest digest() {
        return digest;
    }

    public URI uri() {
        return repository.blobUri(digest);
    }

    /** {@code "/" + url}, overlaybd's name for the remote file (audit pathname, source name). */
    public String sourceName() {
        return "/" + uri();
    }

    @Override
    public String toString() {
        return uri().toString();
    }
}
