package io.obd4j.daemon.backing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.daemon.api.ApiExtension.Refusal;
import io.obd4j.daemon.backing.BackingImageException.Kind;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A volume created with {@code "backingImage"} (Longhorn's CSI flow, {@code csi/controller_server.go}
 * {@code checkAndPrepareBackingImage}): when the backing image is missing and the body gives its data source
 * ({@code backingImageDataSourceType} {@code download} or {@code clone} with {@code backingImageDataSourceParameters}
 * {@code {"url"}} or {@code {"backingImage"}}, or the short {@code backingImageUrl}; {@code backingImageChecksum}), it
 * is created with the volume's own settings (block size, front end, compression: a v2-engine volume gets a v2 backing
 * image) and waited for. When it exists, a data source, checksum or setting the body states that differs from the
 * backing image's is refused with 409 naming each difference. Then the body's config gets the layer as its bottom
 * lower.
 */
final class BackingImageVolumes {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TYPE = "backingImageDataSourceType";
    static final String PARAMETERS = "backingImageDataSourceParameters";
    static final String CHECKSUM = "backingImageChecksum";
    static final String URL = "backingImageUrl";
    private static final List<String> KEYS = List.of("backingImage", TYPE, PARAMETERS, CHECKSUM, URL, "compression",
            "compressionBlockSize");

    /** A backing image's data source as a volume body states it. */
    private record DataSource(String type, String source, String checksum) {
    }

    private final BackingImageManager manager;

    BackingImageVolumes(BackingImageManager manager) {
        this.manager = manager;
    }

    /**
     * A body with {@code "backingImage": name}: its config (path or inline object) becomes an inline object whose
     * lowers start with the backing image's layer, re-hashed first; other bodies only have their settings checked.
     */
    JsonNode rewrite(JsonNode body) throws Refusal {
        try {
            VolumeSettings asked = VolumeSettings.parse(body, manager.defaults());
            if (asked.frontEnd().equals("iscsi") && manager.defaults().frontEnd().equals("iscsi")
                    && asked.blockSize() != manager.defaults().blockSize()) {
                throw new BackingImageException(Kind.BAD_REQUEST, "blockSize " + asked.blockSize() + ": the iSCSI "
                        + "front end serves " + manager.defaults().blockSize()
                        + "-byte blocks (obd4j.iscsi.blockSize)");
            }
            JsonNode name = body.path("backingImage");
            if (name.isMissingNode()) {
                return body;
            }
            if (!name.isTextual()) {
                throw new BackingImageException(Kind.BAD_REQUEST, "\"backingImage\" must be a string");
            }
            prepare(name.textValue(), dataSource(body), body, asked);
            return withLower(body, manager.acquire(name.textValue()));
        } catch (BackingImageException e) {
            throw new Refusal(e.httpStatus(), e.getMessage());
        } catch (IOException e) {
            throw new Refusal(400, "config " + body.path("config").asText() + ": " + e.getMessage());
        }
    }

    private static DataSource dataSource(JsonNode body) throws BackingImageException {
        String checksum = body.path(CHECKSUM).asText("");
        if (!checksum.isEmpty()) {
            checksum = Checksum.parse(checksum).toString();
        }
        if (body.has(URL) && !body.has(TYPE)) {
            return new DataSource("download", body.path(URL).asText(""), checksum);
        }
        if (!body.has(TYPE)) {
            return checksum.isEmpty() ? null : new DataSource("", "", checksum);
        }
        String type = body.path(TYPE).asText("");
        JsonNode p = body.path(PARAMETERS);
        if (p.isTextual()) {
            // Longhorn's StorageClass passes the parameters as a JSON string
            try {
                p = JSON.readTree(p.textValue());
            } catch (IOException e) {
                throw new BackingImageException(Kind.BAD_REQUEST, PARAMETERS + ": not a JSON object: "
                        + e.getMessage());
            }
        }
        switch (type) {
            case "download":
                return new DataSource(type, p.path("url").asText(body.path(URL).asText("")), checksum);
            case "clone":
                return new DataSource(type, p.path("backingImage").asText(""), checksum);
            default:
                throw new BackingImageException(Kind.BAD_REQUEST, TYPE + " \"" + type + "\": a volume can create its "
                        + "backing image only by download or clone; upload or export it first with "
                        + "POST /v1/backing-images");
        }
    }

    private void prepare(String name, DataSource ds, JsonNode body, VolumeSettings asked)
            throws BackingImageException {
        BackingImage existing = manager.list().stream().filter(b -> b.name().equals(name)).findFirst().orElse(null);
        if (existing == null) {
            if (ds == null || ds.type().isEmpty()) {
                throw new BackingImageException(Kind.NOT_FOUND, "no backing image " + name + ", and the volume gives "
                        + "no " + TYPE + " to create it");
            }
            try {
                manager.create(name, ds.type(), ds.source(), ds.checksum(), ds.type().equals("clone") ? null : asked);
            } catch (BackingImageException e) {
                if (e.kind() != Kind.CONFLICT || manager.list().stream().noneMatch(b -> b.name().equals(name))) {
                    throw e;
                }
                prepare(name, ds, body, asked);
                return;
            }
            if (ds.type().equals("clone")) {
                checkSettings(manager.get(name), body);
            }
        } else {
            checkSettings(existing, body);
            checkSource(existing, ds);
        }
        manager.awaitFinished(name);
    }

    private static void checkSettings(BackingImage b, JsonNode body) throws BackingImageException {
        List<String> conflicts = b.settings().conflicts(body);
        if (!conflicts.isEmpty()) {
            throw conflict(b, conflicts);
        }
    }

    private static void checkSource(BackingImage b, DataSource ds) throws BackingImageException {
        if (ds == null) {
            return;
        }
        List<String> conflicts = new ArrayList<>();
        if (!ds.type().isEmpty() && !ds.type().equals(b.sourceType())) {
            conflicts.add("data source type: the volume asks " + ds.type() + ", the backing image has "
                    + b.sourceType());
        } else if (!ds.type().isEmpty() && !ds.source().isEmpty() && !ds.source().equals(b.source())) {
            conflicts.add("data source: the volume asks " + ds.source() + ", the backing image has " + b.source());
        }
        if (!ds.checksum().isEmpty() && (!b.expectedChecksum().isEmpty() && !b.expectedChecksum().equals(ds.checksum())
                || !b.sourceChecksum().isEmpty() && !b.sourceChecksum().equals(ds.checksum()))) {
            conflicts.add("checksum: the volume asks " + ds.checksum() + ", the backing image has "
                    + (b.sourceChecksum().isEmpty() ? b.expectedChecksum() : b.sourceChecksum()));
        }
        if (!conflicts.isEmpty()) {
            throw conflict(b, conflicts);
        }
    }

    private static BackingImageException conflict(BackingImage b, List<String> conflicts) {
        return new BackingImageException(Kind.CONFLICT, "backing image " + b.name() + " exists with other settings "
                + "than the volume's: " + String.join("; ", conflicts) + " (use another backing image name, or "
                + "leave these out to take the backing image's)");
    }

    private static JsonNode withLower(JsonNode body, Path layer) throws IOException {
        JsonNode config = body.path("config");
        ObjectNode inline;
        if (config.isTextual() && !config.textValue().isEmpty()) {
            JsonNode read = JSON.readTree(Path.of(config.textValue()).toFile());
            inline = read != null && read.isObject() ? (ObjectNode) read : JSON.createObjectNode();
        } else {
            inline = config.isObject() ? ((ObjectNode) config).deepCopy() : JSON.createObjectNode();
        }
        ArrayNode lowers = JSON.createArrayNode();
        lowers.addObject().put("file", layer.toAbsolutePath().toString());
        inline.path("lowers").forEach(lowers::add);
        inline.set("lowers", lowers);
        ObjectNode out = ((ObjectNode) body).deepCopy();
        out.set("config", inline);
        out.remove(KEYS);
        return out;
    }

}
