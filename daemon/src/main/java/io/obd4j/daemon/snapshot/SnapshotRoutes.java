package io.obd4j.daemon.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.daemon.api.HttpCall;
import io.obd4j.daemon.api.HttpReply;
import io.obd4j.daemon.api.Json;
import io.obd4j.daemon.api.Router;

import java.io.IOException;

/**
 * The snapshot routes: {@code POST /v1/devices/{id}/snapshots} {@code {"name"}}, {@code GET /v1/snapshots},
 * {@code GET|DELETE /v1/snapshots/{name}}, and the {@code dataSource} of {@code POST /v1/devices} that restores one.
 * Errors are {@code {"status", "error", "retriable"}}.
 */
public final class SnapshotRoutes {
    private final VolumeSnapshots snapshots;

    /** The snapshots and restored volumes behind these routes. */
    public VolumeSnapshots volumes() {
        return snapshots;
    }

    public SnapshotRoutes(VolumeSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    public Router addTo(Router router) {
        return router.route("POST", "/v1/devices/{id}/snapshots", this::create)
                .route("GET", "/v1/snapshots", c -> list())
                .route("GET", "/v1/snapshots/{name}", this::get)
                .route("DELETE", "/v1/snapshots/{name}", this::delete);
    }

    private HttpReply create(HttpCall call) {
        String devId = call.pathVariables().get(0);
        JsonNode body = parse(call.body());
        if (body == null || !body.path("name").isTextual()) {
            return error(new SnapshotException(400, false, "body must be a JSON object with \"name\": \"<snapshot>\""));
        }
        try {
            return Json.ok(201, snapshots.create(body.path("name").textValue(), devId).toApiJson());
        } catch (SnapshotException e) {
            return error(e);
        }
    }

    private HttpReply list() {
        try {
            ArrayNode out = SnapshotRecord.MAPPER.createArrayNode();
            snapshots.list().forEach(r -> out.add(r.toApiJson()));
            return Json.ok(200, out);
        } catch (SnapshotException e) {
            return error(e);
        }
    }

    private HttpReply get(HttpCall call) {
        try {
            return Json.ok(200, snapshots.get(call.pathVariables().get(0)).toApiJson());
        } catch (SnapshotException e) {
            return error(e);
        }
    }

    private HttpReply delete(HttpCall call) {
        try {
            snapshots.delete(call.pathVariables().get(0));
            return HttpReply.text(204, HttpReply.JSON, "");
        } catch (SnapshotException e) {
            return error(e);
        }
    }

    /**
     * For {@code POST /v1/devices} with {@code "dataSource": {"kind": "VolumeSnapshot", "name": "<snapshot>"}}
     * and {@code "id"}: creates the restored volume and returns its directory and config to open.
     */
    public RestoredVolume restore(JsonNode body) throws SnapshotException {
        JsonNode ds = body.path("dataSource");
        if (!ds.path("kind").asText().equals("VolumeSnapshot") || !ds.path("name").isTextual()) {
            throw new SnapshotException(400, false, "\"dataSource\" must be {\"kind\": \"VolumeSnapshot\", "
                    + "\"name\": \"<snapshot>\"}");
        }
        if (!body.path("id").isTextual()) {
            throw new SnapshotException(400, false, "a volume restored from a snapshot needs \"id\"");
        }
        return snapshots.restore(ds.path("name").textValue(), body.path("id").textValue());
    }

    public static HttpReply error(SnapshotException e) {
        ObjectNode n = SnapshotRecord.MAPPER.createObjectNode();
        n.put("status", e.status()).put("error", e.getMessage()).put("retriable", e.retriable());
        return HttpReply.json(e.status(), n.toString());
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode n = SnapshotRecord.MAPPER.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }
}
