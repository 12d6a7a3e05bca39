package io.obd4j.daemon.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The persistent record of one snapshot ({@code <dataDir>/snapshots/<name>.json}).
 *
 * @param layer        the sealed layer file (the source volume's writable layer at snapshot time, sealed in place)
 * @param chain        the config.v1.json {@code lowers} entries a restored volume stacks, bottom first, ending
 *                     with {@code layer}
 * @param newUpperData the source volume's writable layer after the snapshot (removed on rollback)
 * @param nextConfig   the source volume's next config, written beside its config before the restack
 */
public record SnapshotRecord(String name, State state, String sourceVolume, String sourceConfig,
                             Instant creationTime, long restoreSize, String layer, List<JsonNode> chain,
                             String repoBlobUrl, String newUpperData, String newUpperIndex, String nextConfig,
                             SnapshotError error) {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Lifecycle: {@code creating} is persisted before any file is touched. */
    public enum State {
        CREATING, READY, FAILED;

        String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** VolumeSnapshot's {@code status.error}. */
    public record SnapshotError(String message, boolean retriable) {
    }

    public SnapshotRecord {
        chain = List.copyOf(chain);
    }

    public boolean readyToUse() {
        return state == State.READY;
    }

    SnapshotRecord ready() {
        return new SnapshotRecord(name, State.READY, sourceVolume, sourceConfig, creationTime, restoreSize, layer,
                chain, repoBlobUrl, newUpperData, newUpperIndex, nextConfig, null);
    }

    SnapshotRecord failed(String message, boolean retriable) {
        return new SnapshotRecord(name, State.FAILED, sourceVolume, sourceConfig, creationTime, restoreSize, layer,
                chain, repoBlobUrl, newUpperData, newUpperIndex, nextConfig, new SnapshotError(message, retriable));
    }

    /** What the API shows: VolumeSnapshot status fields plus where the snapshot lives. */
    public ObjectNode toApiJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", name).put("state", state.json()).put("readyToUse", readyToUse())
                .put("sourceVolume", sourceVolume).put("creationTime", creationTime.toString())
                .put("restoreSize", restoreSize).put("layer", layer);
        if (error != null) {
            n.putObject("error").put("message", error.message()).put("retriable", error.retriable());
        } else {
            n.putNull("error");
        }
        return n;
    }

    ObjectNode toJson() {
        ObjectNode n = toApiJson();
        n.put("sourceConfig", sourceConfig).put("repoBlobUrl", repoBlobUrl).put("newUpperData", newUpperData)
                .put("newUpperIndex", newUpperIndex).put("nextConfig", nextConfig);
        ArrayNode c = n.putArray("chain");
        chain.forEach(c::add);
        return n;
    }

    static SnapshotRecord fromJson(JsonNode n, String file) {
        List<JsonNode> chain = new ArrayList<>();
        n.path("chain").forEach(chain::add);
        JsonNode e = n.path("error");
        String state = text(n, "state", file);
        return new SnapshotRecord(text(n, "name", file),
                State.valueOf(state.toUpperCase(java.util.Locale.ROOT)), text(n, "sourceVolume", file),
                text(n, "sourceConfig", file), Instant.parse(text(n, "creationTime", file)),
                n.path("restoreSize").asLong(), text(n, "layer", file), chain, n.path("repoBlobUrl").asText(""),
                text(n, "newUpperData", file), text(n, "newUpperIndex", file), text(n, "nextConfig", file),
                e.isObject() ? new SnapshotError(e.path("message").asText(), e.path("retriable").asBoolean())
                        : null);
    }

    private static String text(JsonNode n, String field, String file) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(file + ": field \"" + field + "\": expected a string, got "
                    + (v == null ? "nothing" : v.getNodeType()));
        }
        return v.textValue();
    }
}
