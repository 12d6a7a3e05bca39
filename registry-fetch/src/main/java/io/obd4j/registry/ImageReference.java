package io.obd4j.registry;

import java.net.URI;

/**
 * {@code [host[:port]/]path[:tag][@sha256:…]} as docker and skopeo write it. A missing host means Docker Hub
 * ({@code registry-1.docker.io}, one-component paths get {@code library/}); a missing tag means {@code latest}.
 */
public final class ImageReference {
    private static final String HUB = "registry-1.docker.io";

    private final String host;
    private final String path;
    private final String tag;
    private final Digest digest;

    private ImageReference(String host, String path, String tag, Digest digest) {
        this.host = host;
        this.path = path;
        this.tag = tag;
        this.digest = digest;
    }

    public static ImageReference parse(String ref) throws RegistryException {
        if (ref == null || ref.isEmpty() || ref.length() > 1024) {
            throw new RegistryException("invalid image reference", String.valueOf(ref));
        }
        String rest = ref;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String host = HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || "localhost".equals(first)) {
                host = "docker.io".equals(first) || "index.docker.io".equals(first) ? HUB : first;
                rest = rest.substring(slash + 1);
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
                throw new RegistryException("invalid tag '" + tag + "' in image reference", ref);
            }
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        if (HUB.equals(host) && rest.indexOf('/') < 0) {
            rest = "library/" + rest;
        }
        if (rest.isEmpty()) {
            throw new RegistryException("image reference has no repository", ref);
        }
        ImageReference r = new ImageReference(host, rest, tag, digest);
        r.repository(false);
        return r;
    }

    public String host() {
        return host;
    }

    public String path() {
        return path;
    }

    /** The tag, or null when only a digest was given. */
    public String tag() {
        return tag;
    }

    /** The digest, or null. */
    public Digest digest() {
        return digest;
    }

    /** What to ask {@code /manifests/} for: the digest when present, else the tag. */
    public String reference() {
        return digest != null ? digest.toString() : tag;
    }

    /** The repository, over {@code http://} when {@code insecure}. */
    public Repository repository(boolean insecure) throws RegistryException {
        return Repository.of(URI.create((insecure ? "http://" : "https://") + host), path);
    }

    @Override
    public String toString() {
        return host + "/" + path + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
