package io.obd4j.daemon.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.daemon.image.DeviceInfo;
import io.obd4j.daemon.image.ImageService;
import io.obd4j.daemon.image.ImageServiceException;
import io.obd4j.daemon.image.OpenedImage;
import io.obd4j.daemon.image.TrackedDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates one snapshot of a writable volume: the {@code creating} record is persisted first, then the new writable
 * layer and the volume's next config are written beside the current ones, then the live restack seals the current
 * writable layer in place as the top lower while I/O continues, and the record becomes {@code ready}. A failure
 * before the seal rolls the new files back.
 */
final class SnapshotCreation {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCreation.class);

    private final ImageService images;
    private final SnapshotStore store;
    private final Clock clock;
    private final CreationPause pause;

    SnapshotCreation(ImageService images, SnapshotStore store, Clock clock, CreationPause pause) {
        this.images = images;
        this.store = store;
        this.clock = clock;
        this.pause = pause;
    }

    SnapshotRecord create(String name, String devId) throws SnapshotException {
        SnapshotRecord r = plan(name, devId);
        try {
            store.write(r);
        } catch (IOException e) {
            throw new SnapshotException(500, true, "cannot persist the snapshot record of " + name + ": " + e, e);
        }
        try {
            prepare(r, devId);
            pause.reached("prepared", name);
            images.snapshot(devId, Path.of(r.nextConfig()));
            SnapshotStore.syncDir(Path.of(r.sourceConfig()).toAbsolutePath().getParent());
            pause.reached("sealed", name);
            SnapshotRecord done = r.ready();
            store.write(done);
            LOG.info("snapshot {} of {} ready: layer {}", name, devId, r.layer());
            return done;
        } catch (IOException | ImageServiceException | SnapshotException | RuntimeException e) {
            return fail(r, e);
        }
    }

    private SnapshotRecord plan(String name, String devId) throws SnapshotException {
        DeviceInfo info = images.device(devId).orElseThrow(() -> new SnapshotException(404, false,
                "no volume " + devId));
        TrackedDevice t = images.tracked(devId).orElseThrow(() -> new SnapshotException(404, false,
                "no volume " + devId));
        if (!(t.inner() instanceof OpenedImage img) || img.upper() == null) {
            throw new SnapshotException(400, false, "volume " + devId + " has no writable layer to snapshot");
        }
        Path config = Path.of(info.configPath()).toAbsolutePath();
        JsonNode cfg;
        try {
            cfg = SnapshotRecord.MAPPER.readTree(config.toFile());
        } catch (IOException e) {
            throw new SnapshotException(500, true, "cannot read the config " + config + " of " + devId + ": " + e, e);
        }
        Path upper = Path.of(img.upper()).toAbsolutePath();
        Path newData = upper.resolveSibling("upper-after-" + name + ".data");
        Path newIndex = upper.resolveSibling("upper-after-" + name + ".index");
        for (Path p : List.of(newData, newIndex)) {
            if (Files.exists(p)) {
                throw new SnapshotException(409, false, "the new writable layer " + p + " of snapshot " + name
                        + " already exists");
            }
        }
        List<JsonNode> chain = new ArrayList<>();
        cfg.path("lowers").forEach(chain::add);
        chain.add(SnapshotRecord.MAPPER.createObjectNode().put("file", upper.toString()));
        Path next = config.resolveSibling("." + config.getFileName() + ".snapshot-" + name);
        return new SnapshotRecord(name, SnapshotRecord.State.CREATING, devId, config.toString(), clock.instant(),
                t.size(), upper.toString(), chain, cfg.path("repoBlobUrl").asText(""), newData.toString(),
                newIndex.toString(), next.toString(), null);
    }

    /** The new writable layer (same size and kind as the current one) and the next config, both fsynced. */
    private void prepare(SnapshotRecord r, String devId) throws IOException, SnapshotException {
        OpenedImage img = (OpenedImage) images.tracked(devId).orElseThrow(() -> new SnapshotException(404, true,
                "volume " + devId + " was closed during snapshot " + r.name())).inner();
        boolean sparse = img.image().upper() != null && img.image().upper().isSparse();
        try (RwLayer l = RwLayer.create(Path.of(r.newUpperData()), Path.of(r.newUpperIndex()),
                LayerInfo.of(r.restoreSize()).withSparse(sparse))) {
            l.flush();
        }
        ObjectNode next = (ObjectNode) SnapshotRecord.MAPPER.readTree(Path.of(r.sourceConfig()).toFile());
        ArrayNode lowers = next.putArray("lowers");
        r.chain().forEach(lowers::add);
        ObjectNode upper = next.putObject("upper");
        upper.put("index", r.newUpperIndex()).put("data", r.newUpperData());
        SnapshotStore.writeDurably(Path.of(r.nextConfig()), next.toPrettyString());
        SnapshotStore.syncDir(Path.of(r.newUpperData()).getParent());
        SnapshotStore.syncDir(Path.of(r.nextConfig()).getParent());
    }

    /**
     * A creation that failed after its record was persisted is settled at once: finished if the seal happened
     * (the device already runs on the new writable layer), else rolled back and recorded as failed.
     */
    private SnapshotRecord fail(SnapshotRecord r, Exception cause) throws SnapshotException {
        String message = "snapshot " + r.name() + " of " + r.sourceVolume() + " failed: " + cause.getMessage();
        boolean retriable = retriable(cause);
        SnapshotRecord settled;
        try {
            settled = settle(store, r, message, retriable);
        } catch (IOException e) {
            LOG.error("{}; settling it failed too ({}): the next start finishes or rolls it back", message,
                    e.toString(), cause);
            throw new SnapshotException(500, true, message + "; left for recovery at the next start", cause);
        }
        if (settled.readyToUse()) {
            LOG.warn("snapshot {}: {} after the seal; finished it", r.name(), cause.toString());
            return settled;
        }
        LOG.error(message, cause);
        throw new SnapshotException(cause instanceof SnapshotException s ? s.status() : 500, retriable, message,
                cause);
    }

    /** I/O trouble may pass; a volume that went away or a bug will not. */
    private static boolean retriable(Exception cause) {
        if (cause instanceof SnapshotException s) {
            return s.retriable();
        }
        if (cause instanceof ImageServiceException e) {
            return e.kind() == ImageServiceException.Kind.FAILED;
        }
        return cause instanceof IOException;
    }

    /**
     * Finishes an interrupted creation whose layer is a complete sealed layer (the next config is moved into place
     * if the rename had not happened yet), else removes what it created and records {@code failure}.
     *
     * @return the record written, ready or failed
     */
    static SnapshotRecord settle(SnapshotStore store, SnapshotRecord r, String failure, boolean retriable)
            throws IOException {
        if (LayerFiles.sealed(Path.of(r.layer()))) {
            Path next = Path.of(r.nextConfig());
            if (Files.exists(next)) {
                Files.move(next, Path.of(r.sourceConfig()), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                SnapshotStore.syncDir(next.toAbsolutePath().getParent());
            }
            SnapshotRecord done = r.ready();
            store.write(done);
            return done;
        }
        rollBack(r);
        SnapshotRecord failed = r.failed(failure, retriable);
        store.write(failed);
        return failed;
    }

    static void rollBack(SnapshotRecord r) throws IOException {
        LayerFiles.remove(Path.of(r.newUpperData()));
        LayerFiles.remove(Path.of(r.newUpperIndex()));
        LayerFiles.remove(Path.of(r.nextConfig()));
    }
}
