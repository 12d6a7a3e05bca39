package io.obd4j.registry;

import io.obd4j.core.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/** Pushes overlaybd fixture layers as an OCI image with our own client (blobs, config, manifest). */
public final class TestImages {
    /** The layers every registry test pushes, lowest first. */
    public static final String[] LAYERS = {"stack-l1.zfile", "stack-l2.lsmt", "stack-l3.zfile",
        "commit1.lz4-4k-crc.zfile"};

    private TestImages() {
    }

    /** Pushes {@link #LAYERS} (alternating monolithic and chunked uploads) plus config and manifest under
     * {@code tag}; returns layer name → digest. */
    public static Map<String, Digest> push(RegistryClient client, Repository repo, String tag) throws IOException {
        BlobPusher pusher = new BlobPusher(client);
        Map<String, Digest> digests = new LinkedHashMap<>();
        StringBuilder layers = new StringBuilder();
        int i = 0;
        for (String name : LAYERS) {
            Path file = Fixtures.layer(name);
            Digest d = sha256(file);
            if (!pusher.exists(repo, d)) {
                if (i % 2 == 0) {
                    pusher.pushMonolithic(repo, d, file);
                } else {
                    pusher.pushChunked(repo, d, file, 64 * 1024);
                }
            }
            digests.put(name, d);
            layers.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(MediaTypes.OCI_LAYER)
                    .append("\",\"digest\":\"").append(d).append("\",\"size\":").append(Files.size(file))
                    .append(",\"annotations\":{\"containerd.io/snapshot/overlaybd/blob-digest\":\"").append(d)
                    .append("\"}}");
            i++;
        }
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\"}}"
                .getBytes(StandardCharsets.UTF_8);
        Digest cd = Digest.sha256(config);
        Path cfg = Files.createTempFile("obd4j-config", ".json");
        try {
            Files.write(cfg, config);
            pusher.pushMonolithic(repo, cd, cfg);
        } finally {
            Files.deleteIfExists(cfg);
        }
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                + "{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + cd + "\",\"size\":"
                + config.length + "},\"layers\":[" + layers + "]}";
        pusher.pushManifest(repo, tag, MediaTypes.OCI_MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
        return digests;
    }

    public static Digest sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[65536];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
        return Digest.ofSha256(md.digest());
    }
}
