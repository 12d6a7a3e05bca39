package io.obd4j.registry.sync;

import io.obd4j.registry.BlobPusher;
import io.obd4j.registry.Digest;
import io.obd4j.registry.MediaTypes;
import io.obd4j.registry.RegistryClient;
import io.obd4j.registry.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Pushes the sync tests' source images with the project's client: a multi-arch OCI index (linux/amd64 and
 * linux/arm64/v8, sharing a base layer) and a plain Docker schema 2 image with a large layer, under two tags.
 */
final class SourceImages {
    static final int BIG_LAYER = 48 << 20;

    private final RegistryClient client;
    private final Path tmp;

    SourceImages(RegistryClient client, Path tmp) {
        this.client = client;
        this.tmp = tmp;
    }

    /** Random bytes from a fixed seed: the same layer every run. */
    static byte[] layer(long seed, int size) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    String blob(Repository repo, byte[] data) throws IOException {
        Digest d = Digest.sha256(data);
        BlobPusher p = new BlobPusher(client);
        if (!p.exists(repo, d)) {
            Path f = Files.createTempFile(tmp, "blob", ".bin");
            Files.write(f, data);
            p.pushMonolithic(repo, d, f);
            Files.delete(f);
        }
        return d.toString();
    }

    /** Pushes config + layers and an image manifest of {@code mediaType}; returns its descriptor JSON pieces. */
    byte[] image(Repository repo, String mediaType, String arch, String variant, List<byte[]> layers)
            throws IOException {
        boolean oci = MediaTypes.OCI_MANIFEST.equals(mediaType);
        byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\"" + (variant == null ? ""
                : ",\"variant\":\"" + variant + "\"") + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")
                .getBytes(StandardCharsets.UTF_8);
        List<String> ls = new ArrayList<>();
        for (byte[] l : layers) {
            ls.add("{\"mediaType\":\"" + (oci ? MediaTypes.OCI_LAYER + "+gzip"
                    : "application/vnd.docker.image.rootfs.diff.tar.gzip") + "\",\"digest\":\"" + blob(repo, l)
                    + "\",\"size\":" + l.length + "}");
        }
        String m = "{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"config\":{\"mediaType\":\""
                + (oci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG) + "\",\"digest\":\"" + blob(repo, config)
                + "\",\"size\":" + config.length + "},\"layers\":[" + String.join(",", ls) + "]}";
        return m.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code repo:tag} = an OCI index of amd64 and arm64/v8 images; returns the index bytes. */
    byte[] pushMultiArch(Repository repo, String tag) throws IOException {
        byte[] base = layer(1, 2 << 20);
        byte[] amd = image(repo, MediaTypes.OCI_MANIFEST, "amd64", null, List.of(base, layer(2, 1 << 20)));
        byte[] arm = image(repo, MediaTypes.OCI_MANIFEST, "arm64", "v8", List.of(base, layer(3, 1 << 20)));
        BlobPusher p = new BlobPusher(client);
        Digest ad = p.pushManifest(repo, Digest.sha256(amd).toString(), MediaTypes.OCI_MANIFEST, amd);
        Digest rd = p.pushManifest(repo, Digest.sha256(arm).toString(), MediaTypes.OCI_MANIFEST, arm);
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + child(ad, amd.length, "amd64", null) + "," + child(rd, arm.length, "arm64", "v8") + "]}")
                .getBytes(StandardCharsets.UTF_8);
        p.pushManifest(repo, tag, MediaTypes.OCI_INDEX, index);
        return index;
    }

    private static String child(Digest d, int size, String arch, String variant) {
        return "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + d + "\",\"size\":" + size
                + ",\"platform\":{\"architecture\":\"" + arch + "\",\"os\":\"linux\"" + (variant == null ? ""
                : ",\"variant\":\"" + variant + "\"") + "}}";
    }

    /** {@code repo:v1} and {@code repo:v2}: Docker schema 2 images, v1 with a {@link #BIG_LAYER} layer. */
    void pushPlain(Repository repo) throws IOException {
        BlobPusher p = new BlobPusher(client);
        byte[] v1 = image(repo, MediaTypes.DOCKER_MANIFEST, "amd64", null, List.of(layer(4, 512 << 10),
                layer(5, BIG_LAYER)));
        p.pushManifest(repo, "v1", MediaTypes.DOCKER_MANIFEST, v1);
        byte[] v2 = image(repo, MediaTypes.DOCKER_MANIFEST, "amd64", null, List.of(layer(4, 512 << 10),
                layer(6, 300 << 10)));
        p.pushManifest(repo, "v2", MediaTypes.DOCKER_MANIFEST, v2);
    }
}
