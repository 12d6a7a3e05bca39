package io.obd4j.registry.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.registry.Digest;
import io.obd4j.registry.MediaTypes;
import io.obd4j.registry.RegistryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An OCI image layout directory (image-spec {@code image-layout.md}): {@code oci-layout}, {@code index.json} and
 * content-addressed {@code blobs/<algorithm>/<hex>}. Tags are the {@code org.opencontainers.image.ref.name}
 * annotation of {@code index.json}'s entries.
 */
public final class OciLayout {
    /** The annotation naming an index.json entry. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public OciLayout(Path dir) {
        this.dir = dir;
    }

    /** A layout and an optional tag, as {@code oci:DIR[:TAG]} names them. */
    public record Ref(OciLayout layout, String tag) {
        /** Parses {@code oci:DIR[:TAG]}; the tag is null when absent. */
        public static Ref parse(String spec) {
            String rest = spec.startsWith("oci:") ? spec.substring(4) : spec;
            int colon = rest.lastIndexOf(':');
            if (colon > 0 && rest.indexOf('/', colon) < 0) {
                return new Ref(new OciLayout(Path.of(rest.substring(0, colon))), rest.substring(colon + 1));
            }
            return new Ref(new OciLayout(Path.of(rest)), null);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path blob(Digest d) {
        return dir.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
    }

    /** index.json, parsed; a missing or non-object file is an error naming the path. */
    public ObjectNode index() throws IOException {
        Path p = dir.resolve("index.json");
        if (!Files.isRegularFile(p)) {
            throw new RegistryException("not an OCI layout: no index.json", dir.toString());
        }
        JsonNode n = JSON.readTree(p.toFile());
        if (n == null || !n.isObject() || !n.path("manifests").isArray()) {
            throw new RegistryException("index.json is not an OCI index (expected an object with a manifests "
                    + "array)", p.toString());
        }
        return (ObjectNode) n;
    }

    /** Creates the directory skeleton ({@code oci-layout}, an empty {@code index.json} unless one exists). */
    public void init() throws IOException {
        Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        if (!Files.exists(dir.resolve("index.json"))) {
            ObjectNode idx = JSON.createObjectNode();
            idx.put("schemaVersion", 2);
            idx.put("mediaType", MediaTypes.OCI_INDEX);
            idx.putArray("manifests");
            writeIndex(idx);
        }
    }

    /** Moves {@code file} into the blob store as {@code d} (replacing an existing copy). */
    public void putBlob(Digest d, Path file) throws IOException {
        Files.move(file, blob(d), StandardCopyOption.REPLACE_EXISTING);
    }

    public void putBlob(Digest d, byte[] bytes) throws IOException {
        Files.write(blob(d), bytes);
    }

    /**
     * Stores a manifest and lists it in index.json under {@code tag} (an entry with the same tag is replaced; a null
     * tag adds an untagged entry unless the digest is already listed).
     */
    public void putManifest(String mediaType, byte[] body, String tag) throws IOException {
        Digest d = Digest.sha256(body);
        putBlob(d, body);
        ObjectNode idx = index();
        ArrayNode list = (ArrayNode) idx.get("manifests");
        for (int i = list.size() - 1; i >= 0; i--) {
            JsonNode e = list.get(i);
            boolean sameTag = tag != null && tag.equals(e.path("annotations").path(REF_NAME).asText(null));
            boolean sameUntagged = tag == null && d.toString().equals(e.path("digest").asText());
            if (sameTag || sameUntagged) {
                list.remove(i);
            }
        }
        ObjectNode e = list.addObject();
        e.put("mediaType", mediaType);
        e.put("digest", d.toString());
        e.put("size", body.length);
        if (tag != null) {
            e.putObject("annotations").put(REF_NAME, tag);
        }
        writeIndex(idx);
    }

    private void writeIndex(ObjectNode idx) throws IOException {
        Path tmp = dir.resolve("index.json.tmp");
        Files.write(tmp, JSON.writeValueAsString(idx).getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, dir.resolve("index.json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
