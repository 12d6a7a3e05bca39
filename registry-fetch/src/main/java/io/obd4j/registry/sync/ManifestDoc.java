package io.obd4j.registry.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.registry.Digest;
import io.obd4j.registry.Manifest;
import io.obd4j.registry.MediaTypes;
import io.obd4j.registry.RegistryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A manifest as sync needs it: an image (config + layers) or an index / manifest list (children with platforms),
 * OCI or Docker schema 2, with its exact bytes (what the digest covers, pushed unchanged). Docker schema 1 is
 * refused: registries have deprecated it and its signed bytes cannot be re-pushed under another name.
 */
public final class ManifestDoc {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Manifest raw;
    private final Descriptor config;
    private final List<Descriptor> layers;
    private final List<Descriptor> children;

    private ManifestDoc(String mediaType, byte[] bytes, Digest digest, Descriptor config, List<Descriptor> layers,
            List<Descriptor> children) {
        this.raw = new Manifest(mediaType, bytes, digest);
        this.config = config;
        this.layers = layers;
        this.children = children;
    }

    /** Parses a fetched manifest; {@code where} names it in errors ({@code registry/repo:tag}). */
    public static ManifestDoc parse(Manifest m, String where) throws RegistryException {
        return parse(m.mediaType(), m.bytes(), m.digest(), where);
    }

    /** Parses manifest {@code bytes} whose digest is {@code digest}; {@code contentType} may be empty. */
    public static ManifestDoc parse(String contentType, byte[] bytes, Digest digest, String where)
            throws RegistryException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new RegistryException("manifest is not JSON: " + e.getMessage(), where);
        }
        if (root == null || !root.isObject()) {
            throw new RegistryException("manifest is not a JSON object", where);
        }
        String type = mediaType(contentType, root);
        if (MediaTypes.OCI_INDEX.equals(type) || MediaTypes.DOCKER_MANIFEST_LIST.equals(type)) {
            List<Descriptor> children = new ArrayList<>();
            JsonNode list = root.path("manifests");
            for (int i = 0; i < list.size(); i++) {
                children.add(descriptor(list.get(i), where, "manifests[" + i + "]"));
            }
            return new ManifestDoc(type, bytes, digest, null, List.of(), List.copyOf(children));
        }
        if (MediaTypes.OCI_MANIFEST.equals(type) || MediaTypes.DOCKER_MANIFEST.equals(type)) {
            Descriptor config = descriptor(root.path("config"), where, "config");
            List<Descriptor> layers = new ArrayList<>();
            JsonNode list = root.path("layers");
            for (int i = 0; i < list.size(); i++) {
                layers.add(descriptor(list.get(i), where, "layers[" + i + "]"));
            }
            return new ManifestDoc(type, bytes, digest, config, List.copyOf(layers), List.of());
        }
        throw new RegistryException("unsupported manifest media type '" + type + "' (expected OCI or Docker schema 2 "
                + "image manifest, OCI index or Docker manifest list)", where);
    }

    private static String mediaType(String contentType, JsonNode root) {
        String ct = contentType == null ? "" : contentType;
        if (ct.equals(MediaTypes.OCI_INDEX) || ct.equals(MediaTypes.DOCKER_MANIFEST_LIST)
                || ct.equals(MediaTypes.OCI_MANIFEST) || ct.equals(MediaTypes.DOCKER_MANIFEST)) {
            return ct;
        }
        String field = root.path("mediaType").asText("");
        if (!field.isEmpty()) {
            return field;
        }
        // OCI allows omitting mediaType: tell image from index by shape.
        if (root.has("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        return root.has("config") ? MediaTypes.OCI_MANIFEST : ct;
    }

    private static Descriptor descriptor(JsonNode d, String where, String field) throws RegistryException {
        if (!d.isObject()) {
            throw new RegistryException("manifest field " + field + " is missing or not an object", where);
        }
        Digest digest;
        try {
            digest = Digest.parse(d.path("digest").asText(null));
        } catch (RegistryException e) {
            throw new RegistryException("manifest field " + field + ".digest: " + e.getMessage(), where);
        }
        JsonNode size = d.path("size");
        if (!size.canConvertToLong() || size.asLong() < 0) {
            throw new RegistryException("manifest field " + field + ".size must be a non-negative integer, found "
                    + size, where);
        }
        JsonNode p = d.path("platform");
        return new Descriptor(d.path("mediaType").asText(""), digest, size.asLong(), text(p, "os"),
                text(p, "architecture"), text(p, "variant"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? v.asText() : null;
    }

    /**
     * This index restricted to the children {@code filter} keeps: itself when all are kept (same bytes, same
     * digest, like image-syncer), null when none is, else a new index with only those children (other fields kept;
     * its digest differs from the source's).
     */
    public ManifestDoc select(PlatformFilter filter) throws RegistryException {
        if (!isIndex() || filter.isAll()) {
            return this;
        }
        List<Integer> drop = new ArrayList<>();
        List<Descriptor> kept = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            Descriptor c = children.get(i);
            if (filter.matches(c.os(), c.architecture(), c.variant())) {
                kept.add(c);
            } else {
                drop.add(i);
            }
        }
        if (drop.isEmpty()) {
            return this;
        }
        if (kept.isEmpty()) {
            return null;
        }
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(raw.bytes());
            ArrayNode list = (ArrayNode) root.get("manifests");
            for (int i = drop.size() - 1; i >= 0; i--) {
                list.remove(drop.get(i));
            }
            byte[] out = JSON.writeValueAsBytes(root);
            return new ManifestDoc(raw.mediaType(), out, Digest.sha256(out), null, List.of(), List.copyOf(kept));
        } catch (IOException e) {
            throw new RegistryException("cannot rewrite index: " + e.getMessage(), raw.digest().toString());
        }
    }

    public boolean isIndex() {
        return config == null;
    }

    public String mediaType() {
        return raw.mediaType();
    }

    public byte[] bytes() {
        return raw.bytes();
    }

    public Digest digest() {
        return raw.digest();
    }

    /** The config blob of an image manifest, null for an index. */
    public Descriptor config() {
        return config;
    }

    /** The blobs an image manifest needs in its repository before it can be pushed: config then layers. */
    public List<Descriptor> blobs() {
        List<Descriptor> all = new ArrayList<>(layers.size() + 1);
        if (config != null) {
            all.add(config);
        }
        for (Descriptor l : layers) {
            if (!l.isForeign()) {
                all.add(l);
            }
        }
        return all;
    }

    /** The layers of an image manifest, bottom first (empty for an index). */
    public List<Descriptor> layers() {
        return layers;
    }

    /** The children of an index. */
    public List<Descriptor> children() {
        return children;
    }
}
