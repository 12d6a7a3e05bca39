package io.obd4j.registry.convert;

import io.obd4j.registry.BlobPusher;
import io.obd4j.registry.Digest;
import io.obd4j.registry.RegistryClient;
import io.obd4j.registry.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Pushes to a registry repository: a blob the repository has ({@code HEAD}) is skipped, one that another repository
 * of the same registry has (the source's) is mounted, anything else is uploaded in one PUT.
 */
public final class RegistryImageTarget implements ImageTarget {
    private final RegistryClient client;
    private final Repository repository;
    private final String tag;
    private final Repository mountFrom;

    /**
     * @param mountFrom a repository on the same registry to try cross-repository mounts from, or null
     */
    public RegistryImageTarget(RegistryClient client, Repository repository, String tag, Repository mountFrom) {
        this.client = client;
        this.repository = repository;
        this.tag = tag;
        this.mountFrom = mountFrom != null && mountFrom.base().equals(repository.base())
                && !mountFrom.equals(repository) ? mountFrom : null;
    }

    /** The tag the manifest goes under (null = by digest). */
    public String tag() {
        return tag;
    }

    @Override
    public Put putBlob(Digest digest, long size, Path file) throws IOException {
        BlobPusher pusher = new BlobPusher(client);
        if (pusher.exists(repository, digest)) {
            return Put.PRESENT;
        }
        if (mountFrom != null && pusher.mount(repository, digest, mountFrom.name())) {
            return Put.MOUNTED;
        }
        pusher.pushMonolithic(repository, digest, file);
        return Put.UPLOADED;
    }

    @Override
    public Put putBlob(Digest digest, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile("obd4j-config", ".json");
        try {
            Files.write(tmp, bytes);
            return putBlob(digest, bytes.length, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public Digest putManifest(String mediaType, byte[] body, String manifestTag) throws IOException {
        String ref = manifestTag != null ? manifestTag : Digest.sha256(body).toString();
        return new BlobPusher(client).pushManifest(repository, ref, mediaType, body);
    }

    @Override
    public String describe() {
        return repository + (tag == null ? "" : ":" + tag);
    }

    @Override
    public void close() {
    }
}
