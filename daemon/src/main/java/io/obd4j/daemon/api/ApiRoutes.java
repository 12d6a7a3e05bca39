package io.obd4j.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.daemon.image.DeviceInfo;
import io.obd4j.daemon.image.ImageService;
import io.obd4j.daemon.image.ImageServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
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

    public ApiRoutes(ImageService images, Supplier<JsonNode> health) {
        this.images = images;
        this.health = health;
    }

    public Router router() {
        return new Router()
                .route("*", "/snapshot", this::snapshot)
                .route("GET", "/health", c -> Json.ok(200, health.get()))
                .route("GET", "/v1/devices", c -> Json.ok(200, devices()))
                .route("POST", "/v1/devices", this::openDevice)
                .route("GET", "/v1/devices/{id}", this::getDevice)
                .route("DELETE", "/v1/devices/{id}", this::closeDevice);
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
        return d.isPresent() ? Json.ok(200, toJson(d.get())) : Json.error(404, "no device " + id);
    }

    private HttpReply openDevice(HttpCall call) {
        JsonNode body = Json.parseObject(call.body());
        if (body == null || !body.path("config").isTextual() || body.path("config").textValue().isEmpty()) {
            return Json.error(400, "body must be a JSON object with \"config\": \"<path of config.v1.json>\"");
        }
        JsonNode id = body.path("id");
        if (!id.isMissingNode() && !id.isTextual()) {
            return Json.error(400, "\"id\" must be a string");
        }
        try {
            DeviceInfo d = images.open(Path.of(body.get("config").textValue()), id.isTextual() ? id.textValue() : "");
            return Json.ok(201, toJson(d));
        } catch (ImageServiceException e) {
            return failure(e);
        }
    }

    private HttpReply closeDevice(HttpCall call) {
        try {
            images.close(call.pathVariables().get(0));
            return HttpReply.text(204, HttpReply.JSON, "");
        } catch (ImageServiceException e) {
            return failure(e);
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

    static ObjectNode toJson(DeviceInfo d) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", d.id());
        n.put("config", d.configPath());
        n.put("readOnly", d.readOnly());
        n.put("sizeBytes", d.sizeBytes());
        n.put("lowers", d.lowers());
        n.put("resultFile", d.resultFile());
        n.put("openedAt", d.openedAt().toString());
        return n;
    }
}
