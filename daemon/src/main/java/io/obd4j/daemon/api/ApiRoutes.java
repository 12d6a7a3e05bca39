package io.obd4j.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.daemon.image.DeviceExporter;
import io.obd4j.daemon.image.DeviceInfo;
import io.obd4j.daemon.image.ImageService;
import io.obd4j.daemon.image.ImageServiceException;
import io.obd4j.daemon.image.TrackedDevice;
import io.obd4j.daemon.snapshot.RestoredVolume;
import io.obd4j.daemon.snapshot.SnapshotException;
import io.obd4j.daemon.snapshot.SnapshotRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The API routes: overlaybd's {@code /snapshot} (any method, query {@code dev_id} and {@code config}), then obd4j's
 * {@code GET /health} and the JSON device routes under {@code /v1/devices}.
 */
public final class ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

    private final ImageService images;
    private final Supplier<JsonNode> health;
    private final DeviceExporter exporter;
    private final InlineConfigs inline = new InlineConfigs();
    private final List<ApiExtension> extensions;
    private final SnapshotRoutes snapshots;

    public ApiRoutes(ImageService images, Supplier<JsonNode> health) {
        this(images, health, null);
    }

    /** {@code exporter} (may be null) exports devices opened by {@code POST /v1/devices}. */
    public ApiRoutes(ImageService images, Supplier<JsonNode> health, DeviceExporter exporter) {
        this(images, health, exporter, null);
    }

    /** {@code snapshots} (may be null) adds the volume snapshot routes and restores from a snapshot. */
    public ApiRoutes(ImageService images, Supplier<JsonNode> health, DeviceExporter exporter,
                     SnapshotRoutes snapshots) {
        this(images, health, exporter, snapshots, List.of());
    }

    /** With the routes of {@code extensions}, which may also rewrite {@code POST /v1/devices} bodies. */
    public ApiRoutes(ImageService images, Supplier<JsonNode> health, DeviceExporter exporter,
                     SnapshotRoutes snapshots, List<ApiExtension> extensions) {
        this.images = images;
        this.health = health;
        this.exporter = exporter;
        this.snapshots = snapshots;
        this.extensions = List.copyOf(extensions);
    }

    public Router router() {
        Router r = new Router();
        extensions.forEach(e -> e.register(r));
        r.route("*", "/snapshot", this::snapshot)
                .route("GET", "/health", c -> Json.ok(200, health.get()))
                .route("GET", "/v1/devices", c -> Json.ok(200, devices()))
                .route("POST", "/v1/devices", this::openDevice)
                .route("GET", "/v1/devices/{id}", this::getDevice)
                .route("DELETE", "/v1/devices/{id}", this::closeDevice)
                .route("GET", "/v1/volumes", c -> volumes())
                .route("DELETE", "/v1/volumes/{id}", this::deleteVolume);
        return snapshots == null ? r : snapshots.addTo(r);
    }

    private HttpReply snapshot(HttpCall call) {
        String devId = call.queryParam("dev_id");
        String config = call.queryParam("config");
        if (devId.isEmpty() || config.isEmpty()) {
            return HttpReply.json(400, SnapshotReplies.MISSING_PARAMS);
        }
        try {
            images.snapshot(devId, Path.of(config));
            return HttpReply.json(200, SnapshotReplies.CREATED);
        } catch (ImageServiceException e) {
            LOG.error("live snapshot of {} with {} failed: {}", devId, config, e.getMessage());
            return HttpReply.json(e.kind() == ImageServiceException.Kind.NOT_FOUND ? 404 : 500,
                    e.kind() == ImageServiceException.Kind.NOT_FOUND ? SnapshotReplies.NOT_FOUND
                            : SnapshotReplies.FAILED);
        }
    }

    private ArrayNode devices() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        images.devices().forEach(d -> list.add(toJson(d)));
        return list;
    }

    private HttpReply getDevice(HttpCall call) {
        String id = call.pathVariables().get(0);
        Optional<DeviceInfo> d = images.device(id);
        Optional<TrackedDevice> t = images.tracked(id);
        if (d.isEmpty() || t.isEmpty()) {
            return Json.error(404, "no device " + id);
        }
        return Json.ok(200, DeviceJson.details(toJson(d.get()), t.get()));
    }

    /**
     * Opens a device from {@code "config"} (a path, or an inline config.v1.json object) under {@code "id"} and
     * exports it over iSCSI when that front end runs; a failed export closes the device again.
     */
    private HttpReply openDevice(HttpCall call) {
        JsonNode body = Json.parseObject(call.body());
        try {
            for (ApiExtension e : extensions) {
                body = body == null ? null : e.rewriteDeviceBody(body);
            }
        } catch (ApiExtension.Refusal e) {
            return Json.error(e.status(), e.getMessage());
        }
        if (snapshots != null && body != null && body.has("dataSource")) {
            return restore(body);
        }
        JsonNode config = body == null ? null : body.path("config");
        boolean path = config != null && config.isTextual() && !config.textValue().isEmpty();
        if (!path && (config == null || !config.isObject())) {
            return Json.error(400, "body must be a JSON object with \"config\": \"<path of config.v1.json>\" or "
                    + "\"config\": {<config.v1.json>}");
        }
        JsonNode id = body.path("id");
        if (!id.isMissingNode() && !id.isTextual()) {
            return Json.error(400, "\"id\" must be a string");
        }
        String devId = id.isTextual() ? id.textValue() : "";
        String frontEnd = body.path("frontEnd").asText("");
        if (!frontEnd.isEmpty() && !frontEnd.equals("iscsi") && !frontEnd.equals("tcmu")) {
            return Json.error(400, "frontEnd \"" + frontEnd + "\": expected iscsi or tcmu");
        }
        if (frontEnd.equals("iscsi") && exporter == null) {
            return Json.error(409, "frontEnd iscsi: the iSCSI front end is not running (obd4j.iscsi.enable)");
        }
        try {
            Path configPath = path ? Path.of(config.textValue()) : inline.write(devId, config);
            return Json.ok(201, toJson(openAndExport(configPath, devId, !frontEnd.equals("tcmu"))));
        } catch (ImageServiceException e) {
            return failure(e);
        } catch (java.io.IOException e) {
            return Json.error(500, "cannot store the inline config: " + e.getMessage());
        }
    }

    /** A new volume from a snapshot {@code dataSource}; its directory goes again if the open fails. */
    private HttpReply restore(JsonNode body) {
        RestoredVolume v;
        try {
            v = snapshots.restore(body);
        } catch (SnapshotException e) {
            return SnapshotRoutes.error(e);
        }
        try {
            return Json.ok(201, toJson(openAndExport(v.config(), v.id(), true)));
        } catch (ImageServiceException e) {
            v.discard();
            return failure(e);
        }
    }

    /** Opens the device and, when {@code export} and an exporter runs, exports it (a TCMU volume is attached apart). */
    private DeviceInfo openAndExport(Path configPath, String devId, boolean export) throws ImageServiceException {
        DeviceInfo d = images.open(configPath, devId);
        if (export && exporter != null) {
            try {
                exporter.export(d.id());
            } catch (ImageServiceException e) {
                images.close(d.id());
                throw e;
            }
        }
        return d;
    }

    /** Stops the export (its sessions close), waits for running I/O, flushes the upper and closes the device. */
    private HttpReply closeDevice(HttpCall call) {
        String id = call.pathVariables().get(0);
        try {
            if (exporter != null && images.device(id).isPresent()) {
                exporter.unexport(id);
            }
            images.close(id);
            return HttpReply.text(204, HttpReply.JSON, "");
        } catch (ImageServiceException e) {
            return failure(e);
        }
    }

    /** Open devices ({@code "open": true}) and the closed volumes restored from snapshots. */
    private HttpReply volumes() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        java.util.Set<String> open = new java.util.HashSet<>();
        List<String> restored;
        try {
            restored = snapshots == null ? List.of() : snapshots.volumes().restoredVolumes();
        } catch (SnapshotException e) {
            return SnapshotRoutes.error(e);
        }
        images.devices().forEach(d -> {
            open.add(d.id());
            list.add(toJson(d).put("open", true).put("restored", restored.contains(d.id())));
        });
        for (String id : restored) {
            if (!open.contains(id)) {
                list.addObject().put("id", id).put("open", false).put("restored", true);
            }
        }
        return Json.ok(200, list);
    }

    /**
     * Closes volume {@code id} (as {@code DELETE /v1/devices/{id}}) and removes its directory when it was restored
     * from a snapshot; a volume opened from the caller's own config keeps its files. Refused (409) while snapshots of
     * it exist, another restored volume stacks its layers, or a feature holds it (a backing image export).
     */
    private HttpReply deleteVolume(HttpCall call) {
        String id = call.pathVariables().get(0);
        for (ApiExtension e : extensions) {
            List<String> holds = e.volumeHolds(id);
            if (!holds.isEmpty()) {
                return Json.error(409, "volume " + id + " is in use: " + String.join("; ", holds));
            }
        }
        try {
            boolean restored = false;
            if (snapshots != null) {
                snapshots.volumes().checkDeletable(id);
                restored = snapshots.volumes().restoredVolumes().contains(id);
            }
            boolean open = images.device(id).isPresent();
            if (!open && !restored) {
                return Json.error(404, "no volume " + id);
            }
            if (open) {
                HttpReply closed = closeDevice(call);
                if (closed.status() != 204) {
                    return closed;
                }
            }
            boolean removed = restored && snapshots.volumes().removeRestored(id);
            return Json.ok(200, Json.MAPPER.createObjectNode().put("id", id).put("closed", open)
                    .put("filesDeleted", removed));
        } catch (SnapshotException e) {
            return SnapshotRoutes.error(e);
        }
    }

    private static HttpReply failure(ImageServiceException e) {
        int status;
        switch (e.kind()) {
            case BAD_REQUEST:
                status = 400;
                break;
            case NOT_FOUND:
                status = 404;
                break;
            case DUPLICATE:
                status = 409;
                break;
            default:
                status = 422;
        }
        return Json.error(status, e.getMessage());
    }

    private ObjectNode toJson(DeviceInfo d) {
        return DeviceJson.summary(d, exporter == null ? Optional.empty() : exporter.exportOf(d.id()));
    }
}
