package io.obd4j.registry.convert;

import io.obd4j.registry.BlobRangeReader;
import io.obd4j.registry.BlobUrl;
import io.obd4j.registry.RegistryClient;
import io.obd4j.registry.RegistryException;
import io.obd4j.registry.Repository;
import io.obd4j.registry.sync.Descriptor;
import io.obd4j.registry.sync.ManifestDoc;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;

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

    /** One ranged GET over the whole blob, read as it arrives. */
    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        BlobRangeReader reader = BlobRangeReader.open(client, new BlobUrl(repository, blob.digest()), blob.size());
        InputStream in;
        try {
            in = Channels.newInputStream(reader.openStream(0));
        } catch (RegistryException e) {
            reader.close();
            throw e;
        }
        return new FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    reader.close();
                }
            }
        };
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
