package io.obd4j.registry.convert;

import io.obd4j.registry.BlobRangeReader;
import io.obd4j.registry.BlobUrl;
import io.obd4j.registry.RegistryClient;
import io.obd4j.registry.Repository;
import io.obd4j.registry.sync.Descriptor;
import io.obd4j.registry.sync.ManifestDoc;
import java.io.IOException;
import java.io.InputStream;

/** A source image in a registry repository, named by tag or digest. */
public final class RegistryImageSource implements ImageSource {
    private final RegistryClient client;
    private final Repository repository;
    private final String reference;

    public RegistryImageSource(RegistryClient client, Repository repository, String reference) {
        this.client = client;
        this.repository = repository;
        this.reference = reference;
    }

    public Repository repository() {
        return repository;
    }

    @Override
    public ManifestDoc top() throws IOException {
        return ManifestDoc.parse(client.getManifest(repository, reference), describe());
    }

    @Override
    public ManifestDoc manifest(String digest) throws IOException {
        return ManifestDoc.parse(client.getManifest(repository, digest), repository + "@" + digest);
    }

    /** Breaks without progress tolerated per blob stream (each reopen already retries per the client's policy). */
    static final int MAX_BREAKS = 3;

    /** The whole blob as one ranged GET, read as it arrives and reopened where it stopped if it breaks. */
    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        return new ResumingStream(BlobRangeReader.open(client, new BlobUrl(repository, blob.digest()), blob.size()),
                MAX_BREAKS);
    }

    @Override
    public String describe() {
        return repository + (reference.startsWith("sha256:") ? "@" : ":") + reference;
    }

    @Override
    public void close() {
        // The client belongs to the caller.
    }
}
