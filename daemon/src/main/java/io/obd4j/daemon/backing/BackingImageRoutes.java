package io.obd4j.daemon.backing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obd4j.core.image.LayerStack;
import io.obd4j.daemon.api.ApiExtension;
import io.obd4j.daemon.api.HttpCall;
import io.obd4j.daemon.api.HttpReply;
import io.obd4j.daemon.api.Json;
import io.obd4j.daemon.api.Router;
import io.obd4j.daemon.image.DeviceInfo;
import io.obd4j.daemon.image.ImageService;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/backing-images}: create (download, upload, clone, export of a volume), list, get, delete (409 while a
 * volume stacks on it), download the content, and the streamed upload. A {@code POST /v1/devices} body that names a
 * backing image is handled by {@link BackingImageVolumes}.
 */
public final class BackingImageRoutes implements ApiExtension {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 1 << 20;

    private final BackingImageManager manager;
    private final ImageService images;
    private final BackingImageVolumes volumes;

    private final LayerUsers stored;

    /** Layer files stacked by things that are not open devices (snapshots, closed restored volumes), with who. */
    @FunctionalInterface
    public interface LayerUsers {
        Map<Path, String> get() throws Exception;
    }

    public BackingImageRoutes(BackingImageManager manager, ImageService images) {
        this(manager, images, Map::of);
    }

    /** {@code stored} also hold a backing image: one of their layer files is its layer. */
    public BackingImageRoutes(BackingImageManager manager, ImageService images, LayerUsers stored) {
        this.manager = manager;
        this.images = images;
        this.volumes = new BackingImageVolumes(manager);
        this.stored = stored;
    }

    @Override
    public void register(Router r) {
        r.route("GET", "/v1/backing-images", c -> Json.ok(200, manager.list()))
                .route("POST", "/v1/backing-images", this::create)
                .route("GET", "/v1/backing-images/{name}", c -> call(() -> Json.ok(200, manager.get(name(c)))))
                .route("DELETE", "/v1/backing-images/{name}", this::delete)
                .route("GET", "/v1/backing-images/{name}/download", this::download)
                .stream("POST", "/v1/backing-images/{name}/upload", this::upload);
    }

    private static String name(HttpCall c) {
        return c.pathVariables().get(0);
    }

    /** A route body that may refuse. */
    @FunctionalInterface
    private interface Action {
        HttpReply run() throws BackingImageException, IOException;
    }

    private static HttpReply call(Action a) {
        try {
            return a.run();
        } catch (BackingImageException e) {
            return Json.error(e.httpStatus(), e.getMessage());
        } catch (IOException e) {
            return Json.error(500, e.getMessage());
        }
    }

    private HttpReply create(HttpCall c) {
        JsonNode body;
        try {
            body = JSON.readTree(c.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject() || !body.path("name").isTextual()) {
            return Json.error(400, "body must be a JSON object {\"name\": ..., \"sourceType\": \"download\"|"
                    + "\"upload\"|\"clone\"|\"export\", \"url\": ... (download), \"source\": ... (clone: a backing "
                    + "image, export: a device id), \"checksum\": ...}");
        }
        JsonNode b = body;
        String type = b.path("sourceType").asText("");
        if (type.equals("export")) {
            String devId = b.path("source").asText("");
            return call(() -> Json.ok(201, manager.createExport(b.path("name").asText(), devId,
                    images.blockDevice(devId).orElseThrow(() -> new BackingImageException(
                            BackingImageException.Kind.NOT_FOUND, "no device " + devId + " to export")),
                    b.path("checksum").asText(""), settings(b, manager.defaults()))));
        }
        String source = type.equals("download") ? b.path("url").asText("") : b.path("source").asText("");
        return call(() -> Json.ok(201, manager.create(b.path("name").asText(), type, source,
                b.path("checksum").asText(""), settings(b, type.equals("clone") ? manager.get(source).settings()
                        : manager.defaults()))));
    }

    /** The settings {@code body} states over {@code base}, or null when it states none. */
    private static VolumeSettings settings(JsonNode body, VolumeSettings base) throws BackingImageException {
        return VolumeSettings.stated(body) ? VolumeSettings.parse(body, base) : null;
    }

    private HttpReply upload(HttpCall c, Router.StreamedBody body) {
        return call(() -> {
            String boundary = MultipartFileStream.boundary(body.contentType());
            InputStream in = boundary == null ? body.in() : MultipartFileStream.open(body.in(), boundary);
            BackingImage b = manager.upload(name(c), c.queryParam("checksum"), in,
                    boundary == null ? body.length() : -1);
            return b.state() == BackingImageState.READY ? Json.ok(200, b)
                    : Json.error(422, "backing image " + b.name() + " failed: " + b.error());
        });
    }

    private HttpReply delete(HttpCall c) {
        return call(() -> {
            Path layer = manager.layerPath(name(c)).toAbsolutePath().normalize();
            Map<Path, String> users;
            try {
                users = stored.get();
            } catch (Exception e) {
                return Json.error(500, "cannot tell whether snapshots use backing image " + name(c) + ": " + e);
            }
            if (users.containsKey(layer)) {
                throw new BackingImageException(BackingImageException.Kind.CONFLICT, "backing image " + name(c)
                        + " is in use by " + users.get(layer) + " (its layers stack it); delete that first");
            }
            manager.delete(name(c), layersInUse());
            return HttpReply.text(204, HttpReply.JSON, "");
        });
    }

    /** The content the backing image presents (raw disk bytes, holes as zeros). */
    private HttpReply download(HttpCall c) {
        return call(() -> {
            LayerStack content = manager.openContent(name(c));
            return HttpReply.stream("application/octet-stream", new HttpReply.BodyStream() {
                @Override
                public long length() {
                    return content.size();
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    try (LayerStack s = content) {
                        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
                        for (long pos = 0; pos < s.size(); pos += buf.limit()) {
                            buf.clear().limit((int) Math.min(CHUNK, s.size() - pos));
                            s.read(buf, pos);
                            out.write(buf.array(), 0, buf.limit());
                        }
                    }
                }
            });
        });
    }

    /** Layer files named in the configs of the open devices (bottom lowers included). */
    private Set<Path> layersInUse() {
        Set<Path> used = new HashSet<>();
        for (DeviceInfo d : images.devices()) {
            try {
                for (JsonNode l : JSON.readTree(Path.of(d.configPath()).toFile()).path("lowers")) {
                    if (l.path("file").isTextual()) {
                        used.add(Path.of(l.path("file").textValue()).toAbsolutePath().normalize());
                    }
                }
            } catch (IOException e) {
                // a config that cannot be read any more names no backing image
            }
        }
        return used;
    }

    /** A backing image being exported from the volume holds it. */
    @Override
    public java.util.List<String> volumeHolds(String id) {
        return manager.list().stream().filter(b -> b.sourceType().equals("export") && b.source().equals(id)
                && (b.state() == BackingImageState.PENDING || b.state() == BackingImageState.IN_PROGRESS))
                .map(b -> "backing image " + b.name() + " is being exported from it").toList();
    }

    /** See {@link BackingImageVolumes#rewrite}. */
    @Override
    public JsonNode rewriteDeviceBody(JsonNode body) throws Refusal {
        return volumes.rewrite(body);
    }
}
