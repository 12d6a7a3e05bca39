package io.obd4j.registry.convert;

import io.obd4j.registry.BlobPusher;
import io.obd4j.registry.Digest;
import io.obd4j.registry.MediaTypes;
import io.obd4j.registry.RegistryClient;
import io.obd4j.registry.Repository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A small OCI image made in memory for tests: gzip-compressed layers from tars, a config with their diff_ids
 * (linux/amd64) and an OCI manifest; written to an OCI layout or pushed to a registry.
 */
public final class OciImageFixture {
    private final Map<Digest, byte[]> blobs = new LinkedHashMap<>();
    private final List<Digest> layers = new ArrayList<>();
    private final byte[] manifest;
    private final Digest manifestDigest;

    /** Gzip layers made from {@code tars}, with their true diff_ids. */
    public OciImageFixture(List<byte[]> tars) {
        this(tars.stream().map(OciImageFixture::gzip).toList(), tars.stream().map(Digest::sha256).toList(),
                MediaTypes.OCI_LAYER + "+gzip");
    }

    /** Layers stored exactly as {@code blobs} (any compression), with the config listing {@code diffIds}. */
    public OciImageFixture(List<byte[]> layerBlobs, List<Digest> diffIds, String layerMediaType) {
        StringBuilder ids = new StringBuilder();
        StringBuilder descs = new StringBuilder();
        for (int i = 0; i < layerBlobs.size(); i++) {
            byte[] blob = layerBlobs.get(i);
            Digest d = Digest.sha256(blob);
            blobs.put(d, blob);
            layers.add(d);
            ids.append(i == 0 ? "" : ",").append('"').append(diffIds.get(i)).append('"');
            descs.append(i == 0 ? "" : ",").append(descriptor(layerMediaType, d, blob.length));
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-05-01T10:00:00Z\","
                + "\"config\":{\"Cmd\":[\"/bin/sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + ids
                + "]}}").getBytes(StandardCharsets.UTF_8);
        Digest configDigest = Digest.sha256(config);
        blobs.put(configDigest, config);
        manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                + descriptor(MediaTypes.OCI_CONFIG, configDigest, config.length) + ",\"layers\":[" + descs + "]}")
                .getBytes(StandardCharsets.UTF_8);
        manifestDigest = Digest.sha256(manifest);
    }

    private static String descriptor(String type, Digest d, long size) {
        return "{\"mediaType\":\"" + type + "\",\"digest\":\"" + d + "\",\"size\":" + size + "}";
    }

    /** {@code data} gzip-compressed (mtime 0: the same bytes every time). */
    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public Digest manifestDigest() {
        return manifestDigest;
    }

    /** The compressed layer blobs' digests, bottom first. */
    public List<Digest> layers() {
        return layers;
    }

    /** The bytes of a blob of this image. */
    public byte[] blob(Digest d) {
        return blobs.get(d).clone();
    }

    /** Writes the image as an OCI layout in {@code dir}, tagged {@code tag}. */
    public void writeLayout(Path dir, String tag) throws IOException {
        OciLayout layout = new OciLayout(dir);
        layout.init();
        for (Map.Entry<Digest, byte[]> b : blobs.entrySet()) {
            Files.write(layout.blob(b.getKey()), b.getValue());
        }
        layout.putManifest(MediaTypes.OCI_MANIFEST, manifest, tag);
    }

    /** Pushes blobs then the manifest under {@code tag}. */
    public void push(RegistryClient client, Repository repo, String tag) throws IOException {
        BlobPusher pusher = new BlobPusher(client);
        Path tmp = Files.createTempFile("obd4j-fixture", ".blob");
        try {
            for (Map.Entry<Digest, byte[]> b : blobs.entrySet()) {
                Files.write(tmp, b.getValue());
                pusher.pushMonolithic(repo, b.getKey(), tmp);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        pusher.pushManifest(repo, tag, MediaTypes.OCI_MANIFEST, manifest);
    }
}
