package io.obd4j.daemon.snapshot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.RwLayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A volume restored from a snapshot: {@code <dataDir>/volumes/<id>/} with {@code config.v1.json} (the snapshot's
 * layer chain as lowers) and a fresh {@code upper.data}/{@code upper.index}.
 */
public record RestoredVolume(String id, Path dir, Path config) {
    private static final Logger LOG = LoggerFactory.getLogger(RestoredVolume.class);
    static final String CONFIG = "config.v1.json";

    static RestoredVolume create(Path dir, String id, SnapshotRecord r) throws SnapshotException {
        if (Files.exists(dir)) {
            throw new SnapshotException(409, false, "volume " + id + " already exists at " + dir);
        }
        RestoredVolume v = new RestoredVolume(id, dir, dir.resolve(CONFIG));
        try {
            Files.createDirectories(dir);
            Path data = dir.resolve("upper.data");
            Path index = dir.resolve("upper.index");
            try (RwLayer l = RwLayer.create(data, index, LayerInfo.of(r.restoreSize()))) {
                l.flush();
            }
            ObjectNode c = SnapshotRecord.MAPPER.createObjectNode();
            if (!r.repoBlobUrl().isEmpty()) {
                c.put("repoBlobUrl", r.repoBlobUrl());
            }
            ArrayNode lowers = c.putArray("lowers");
            r.chain().forEach(lowers::add);
            c.putObject("upper").put("index", index.toString()).put("data", data.toString());
            SnapshotStore.writeDurably(v.config(), c.toPrettyString());
            SnapshotStore.syncDir(dir);
            SnapshotStore.syncDir(dir.getParent());
        } catch (IOException | RuntimeException e) {
            v.discard();
            throw new SnapshotException(500, true, "cannot create volume " + id + " from snapshot " + r.name()
                    + ": " + e, e);
        }
        LOG.info("volume {} created from snapshot {} in {}", id, r.name(), dir);
        return v;
    }

    /** Removes the volume directory (its open failed). */
    public void discard() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.error("cannot remove {}: {}", dir, e.toString());
        }
    }
}
