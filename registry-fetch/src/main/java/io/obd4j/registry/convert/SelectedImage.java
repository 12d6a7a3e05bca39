package io.obd4j.registry.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obd4j.registry.Digest;
import io.obd4j.registry.RegistryException;
import io.obd4j.registry.sync.Descriptor;
import io.obd4j.registry.sync.ManifestDoc;
import io.obd4j.registry.sync.PlatformFilter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The one image manifest a conversion works on, with its config: an index or manifest list is narrowed to the child
 * the platform filter keeps (exactly one must match), and the config blob is read and checked against its digest.
 *
 * @param manifest the image manifest
 * @param config   the config blob's bytes
 * @param diffIds  the config's {@code rootfs.diff_ids}, one per layer
 */
public record SelectedImage(ManifestDoc manifest, byte[] config, List<Digest> diffIds) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CONFIG_BYTES = 8 << 20;

    /** Resolves {@code source}'s image for {@code platform}. */
    public static SelectedImage resolve(ImageSource source, PlatformFilter platform) throws IOException {
        ManifestDoc doc = source.top();
        while (doc.isIndex()) {
            List<Descriptor> kept = new ArrayList<>();
            for (Descriptor c : doc.children()) {
                if (platform.matches(c.os(), c.architecture(), c.variant())) {
                    kept.add(c);
                }
            }
            if (kept.size() != 1) {
                throw new RegistryException(kept.size() + " of the " + doc.children().size() + " images of the index "
                        + "match " + platform + " (expected exactly one; choose with --os/--arch)", source.describe());
            }
            doc = source.manifest(kept.get(0).digest().toString());
        }
        byte[] config = readConfig(source, doc.config());
        return new SelectedImage(doc, config, diffIds(config, doc, source.describe()));
    }

    private static byte[] readConfig(ImageSource source, Descriptor c) throws IOException {
        if (c.size() <= 0 || c.size() > MAX_CONFIG_BYTES) {
            throw new RegistryException("config blob " + c.digest() + " has " + c.size() + " bytes (expected 1 to "
                    + MAX_CONFIG_BYTES + ")", source.describe());
        }
        byte[] bytes;
        try (InputStream in = source.openBlob(c)) {
            bytes = in.readNBytes((int) c.size() + 1);
        }
        if (bytes.length != c.size() || !c.digest().equals(Digest.sha256(bytes))) {
            throw new RegistryException("config blob does not match its descriptor (" + c.digest() + ", " + c.size()
                    + " bytes)", source.describe());
        }
        return bytes;
    }

    private static List<Digest> diffIds(byte[] config, ManifestDoc doc, String where) throws RegistryException {
        JsonNode ids;
        try {
            ids = JSON.readTree(config).path("rootfs").path("diff_ids");
        } catch (IOException e) {
            throw new RegistryException("config blob is not JSON: " + e.getMessage(), where);
        }
        if (!ids.isArray() || ids.size() != doc.layers().size()) {
            throw new RegistryException("config field rootfs.diff_ids has " + (ids.isArray() ? ids.size() : "no")
                    + " entries, expected one per layer (" + doc.layers().size() + ")", where);
        }
        List<Digest> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            try {
                out.add(Digest.parse(ids.get(i).asText(null)));
            } catch (RegistryException e) {
                throw new RegistryException("config field rootfs.diff_ids[" + i + "]: " + e.getMessage(), where);
            }
        }
        return List.copyOf(out);
    }

    /** The image's creation time ({@code created}) in epoch seconds, or 0 when absent or unreadable. */
    public long createdEpochSeconds() {
        try {
            String created = JSON.readTree(config).path("created").asText("");
            return created.isEmpty() ? 0 : java.time.OffsetDateTime.parse(created).toEpochSecond();
        } catch (IOException | java.time.DateTimeException e) {
            return 0;
        }
    }
}
