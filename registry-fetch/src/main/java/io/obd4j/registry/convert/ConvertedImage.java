package io.obd4j.registry.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.registry.Digest;
import io.obd4j.registry.MediaTypes;
import io.obd4j.registry.RegistryException;
import java.io.IOException;
import java.util.List;

/**
 * The config and manifest of a converted image, as accelerated-container-image's convertor writes them
 * ({@code UploadLayer}, {@code UploadImage}, {@code uploadManifestAndConfig}): the source config with
 * {@code rootfs.diff_ids} replaced by the overlaybd layer digests (an overlaybd layer is an uncompressed tar, so
 * diff_id = digest), and a manifest listing those layers with the uncompressed-tar media type and the annotations
 * the overlaybd snapshotter reads ({@code blob-digest}, {@code blob-size}, {@code version}). Docker schema 2 media
 * types by default, OCI ones with {@code oci}, as the convertor's {@code --oci}. JSON is compact with a fixed field
 * order, so the same layers give the same bytes.
 */
public final class ConvertedImage {
    /** Annotation keys of an overlaybd layer (ACI {@code pkg/label}). */
    public static final String BLOB_DIGEST = "containerd.io/snapshot/overlaybd/blob-digest";
    public static final String BLOB_SIZE = "containerd.io/snapshot/overlaybd/blob-size";
    public static final String VERSION = "containerd.io/snapshot/overlaybd/version";
    /** ACI {@code version.OverlayBDVersionNumber}. */
    public static final String VERSION_NUMBER = "0.1.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean oci;

    public ConvertedImage(boolean oci) {
        this.oci = oci;
    }

    /** One overlaybd layer blob. */
    public record Layer(Digest digest, long size) {
    }

    public String manifestMediaType() {
        return oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST;
    }

    public String configMediaType() {
        return oci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG;
    }

    public String layerMediaType() {
        return oci ? MediaTypes.OCI_LAYER : MediaTypes.DOCKER_LAYER;
    }

    /** The source config with its diff_ids replaced by the layers' digests; every other field kept in order. */
    public byte[] config(byte[] sourceConfig, List<Layer> layers) throws RegistryException {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(sourceConfig);
            ObjectNode rootfs = root.with("rootfs");
            ArrayNode ids = rootfs.putArray("diff_ids");
            for (Layer l : layers) {
                ids.add(l.digest().toString());
            }
            return JSON.writeValueAsBytes(root);
        } catch (IOException | ClassCastException e) {
            throw new RegistryException("source config is not a JSON object: " + e.getMessage(), "config");
        }
    }

    /**
     * The manifest: schemaVersion, mediaType, config, layers (each with the overlaybd annotations), then the source
     * manifest's {@code annotations} when it has them.
     */
    public byte[] manifest(Digest configDigest, long configSize, List<Layer> layers, JsonNode sourceAnnotations)
            throws RegistryException {
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", manifestMediaType());
        m.set("config", descriptor(configMediaType(), configDigest, configSize));
        ArrayNode list = m.putArray("layers");
        for (Layer l : layers) {
            ObjectNode d = descriptor(layerMediaType(), l.digest(), l.size());
            ObjectNode a = d.putObject("annotations");
            a.put(BLOB_DIGEST, l.digest().toString());
            a.put(BLOB_SIZE, Long.toString(l.size()));
            a.put(VERSION, VERSION_NUMBER);
            list.add(d);
        }
        if (sourceAnnotations != null && sourceAnnotations.isObject() && sourceAnnotations.size() > 0) {
            m.set("annotations", sourceAnnotations);
        }
        try {
            return JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new RegistryException("cannot write manifest: " + e.getMessage(), "manifest");
        }
    }

    private static ObjectNode descriptor(String mediaType, Digest digest, long size) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", mediaType);
        d.put("digest", digest.toString());
        d.put("size", size);
        return d;
    }
}
