package io.obd4j.registry.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.obd4j.registry.Digest;
import io.obd4j.registry.RegistryException;
import io.obd4j.registry.sync.Descriptor;
import io.obd4j.registry.sync.ManifestDoc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A source image in an OCI layout directory: the index.json entry tagged {@code tag}, or its only entry when no tag
 * is given.
 */
public final class OciLayoutSource implements ImageSource {
    private static final int MAX_MANIFEST_BYTES = 4 << 20;

    private final OciLayout layout;
    private final String tag;

    public OciLayoutSource(OciLayout layout, String tag) {
        this.layout = layout;
        this.tag = tag;
    }

    @Override
    public ManifestDoc top() throws IOException {
        JsonNode entries = layout.index().get("manifests");
        List<JsonNode> hits = new ArrayList<>();
        for (JsonNode e : entries) {
            if (tag == null || tag.equals(e.path("annotations").path(OciLayout.REF_NAME).asText(null))) {
                hits.add(e);
            }
        }
        if (hits.size() != 1) {
            throw new RegistryException("index.json has " + hits.size() + " entries " + (tag == null ? ""
                    : "tagged '" + tag + "' ") + "(expected exactly one" + (tag == null ? "; name one as oci:DIR:TAG"
                    : "") + ")", describe());
        }
        String digest = hits.get(0).path("digest").asText(null);
        return read(Digest.parse(digest), hits.get(0).path("mediaType").asText(""));
    }

    @Override
    public ManifestDoc manifest(String digest) throws IOException {
        return read(Digest.parse(digest), "");
    }

    private ManifestDoc read(Digest d, String mediaType) throws IOException {
        Path p = layout.blob(d);
        if (!Files.isRegularFile(p) || Files.size(p) > MAX_MANIFEST_BYTES) {
            throw new RegistryException("manifest blob missing or larger than " + MAX_MANIFEST_BYTES + " bytes",
                    p.toString());
        }
        byte[] bytes = Files.readAllBytes(p);
        if (!d.equals(Digest.sha256(bytes))) {
            throw new RegistryException("manifest blob does not match its digest " + d, p.toString());
        }
        return ManifestDoc.parse(mediaType, bytes, d, describe() + "@" + d);
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        Path p = layout.blob(blob.digest());
        if (!Files.isRegularFile(p)) {
            throw new RegistryException("blob " + blob.digest() + " is missing from the layout", p.toString());
        }
        return Files.newInputStream(p);
    }

    @Override
    public String describe() {
        return "oci:" + layout.dir() + (tag == null ? "" : ":" + tag);
    }

    @Override
    public void close() {
    }
}
