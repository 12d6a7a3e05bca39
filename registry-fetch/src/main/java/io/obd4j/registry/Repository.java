package io.obd4j.registry;

import java.net.URI;
import java.util.regex.Pattern;

/** One repository on one registry: {@code http(s)://host[:port]} plus a name such as {@code overlaybd/redis}. */
public final class Repository {
    private static final Pattern NAME = Pattern.compile(
            "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

    private final URI base;
    private final String name;

    private Repository(URI base, String name) {
        this.base = base;
        this.name = name;
    }

    /** {@code base} is {@code scheme://authority} (a trailing slash or path is rejected). */
    public static Repository of(URI base, String name) throws RegistryException {
        if (base.getScheme() == null || !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))) {
            throw new RegistryException("registry URL must be http:// or https://", String.valueOf(base));
        }
        if (base.getRawAuthority() == null || base.getRawUserInfo() != null
                || base.getRawPath() != null && !base.getRawPath().isEmpty() && !"/".equals(base.getRawPath())) {
            throw new RegistryException("registry URL must be scheme://host[:port]", RegistryException.redact(base));
        }
        if (!NAME.matcher(name).matches() || name.length() > 255) {
            throw new RegistryException("invalid repository name", name);
        }
        return new Repository(URI.create(base.getScheme() + "://" + base.getRawAuthority()), name);
    }

    public URI base() {
        return base;
    }

    public String name() {
        return name;
    }

    /** {@code <base>/v2/<name>/<suffix>}. */
    public URI resolve(String suffix) {
        return URI.create(base + "/v2/" + name + "/" + suffix);
    }

    /** The blob URL as overlaybd builds it: {@code <base>/v2/<name>/blobs/<digest>}. */
    public URI blobUri(Digest digest) {
        return resolve("blobs/" + digest);
    }

    /** The key that authorisation state is kept under: one token/challenge per repository. */
    String authKey() {
        return base + "/" + name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Repository && ((Repository) o).base.equals(base) && ((Repository) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return base.hashCode() * 31 + name.hashCode();
    }

    @Override
    public String toString() {
        return base + "/" + name;
    }
}
