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

    public OciImageFixture(List<byte[]> tars) {
        StringBuilder diffIds = new StringBuilder();
        StringBuilder descs = new StringBuilder();
        for (byte[] tar : tars) {
            byte[] gz = gzip(tar);
            Digest d = Digest.sha256(gz);
            blobs.put(d, gz);
            layers.add(d);
            diffIds.append(diffIds.length() == 0 ? "" : ",").append('"').append(Digest.sha256(tar)).append('"');
            descs.append(descs.length() == 0 ? "" : ",").append(descriptor(MediaTypes.OCI_LAYER + "+gzip", d,
                    gz.length));
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-05-01T10:00:00Z\","
                + "\"config\":{\"Cmd\":[\"/bin/sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds
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

    private static byte[] gzip(byte[] data) {
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
