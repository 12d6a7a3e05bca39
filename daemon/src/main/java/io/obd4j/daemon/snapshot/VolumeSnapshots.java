package io.obd4j.daemon.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import io.obd4j.daemon.image.ImageService;
import io.obd4j.daemon.image.OpenedImage;
import io.obd4j.daemon.image.TrackedDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Volume snapshots under {@code <dataDir>}: records in {@code snapshots/}, restored volumes in {@code volumes/}.
 * Operations are serialised; I/O on the volumes is not stopped by any of them.
 */
public final class VolumeSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeSnapshots.class);
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final ImageService images;
    private final SnapshotStore store;
    private final Path volumes;
    private final SnapshotCreation creation;

    public VolumeSnapshots(ImageService images, Path dataDir, Clock clock) {
        this(images, dataDir, clock, CreationPause.fromEnvironment());
    }

    VolumeSnapshots(ImageService images, Path dataDir, Clock clock, CreationPause pause) {
        this.images = images;
        this.store = new SnapshotStore(dataDir.resolve("snapshots"));
        this.volumes = dataDir.resolve("volumes");
        this.creation = new SnapshotCreation(images, store, clock, pause);
    }

    Path volumesDir() {
        return volumes;
    }

    public synchronized SnapshotRecord create(String name, String devId) throws SnapshotException {
        checkName("snapshot name", name);
        Optional<SnapshotRecord> old = find(name);
        if (old.isPresent() && old.get().state() != SnapshotRecord.State.FAILED) {
            throw new SnapshotException(409, false, "snapshot " + name + " already exists ("
                    + old.get().state().json() + ")");
        }
        return creation.create(name, devId);
    }

    /** Not serialised with the others: records are replaced atomically, so a read sees the old or the new one. */
    public List<SnapshotRecord> list() throws SnapshotException {
        try {
            return store.list();
        } catch (IOException e) {
            throw new SnapshotException(500, true, "cannot list " + store.dir() + ": " + e, e);
        }
    }

    public SnapshotRecord get(String name) throws SnapshotException {
        return find(name).orElseThrow(() -> new SnapshotException(404, false, "no snapshot " + name));
    }

    /**
     * Removes the record. Refused (409) while the snapshot is being created or an open volume other than its
     * source stacks its layer (a volume restored from it). The layer file itself goes only when nothing references
     * it any more: no open volume, not the source volume's config, no restored volume's config, no other snapshot's
     * chain; otherwise it stays as part of those volumes.
     */
    public synchronized void delete(String name) throws SnapshotException {
        SnapshotRecord r = get(name);
        if (r.state() == SnapshotRecord.State.CREATING) {
            throw new SnapshotException(409, true, "snapshot " + name + " is being created");
        }
        List<String> users = openUsers(r.layer(), r.sourceVolume());
        if (!users.isEmpty()) {
            throw new SnapshotException(409, true, "snapshot " + name + " is the source of open volume(s) "
                    + String.join(", ", users) + "; close them first");
        }
        try {
            store.delete(name);
            if (r.state() == SnapshotRecord.State.READY && !referenced(r)) {
                LayerFiles.remove(Path.of(r.layer()));
            }
        } catch (IOException e) {
            throw new SnapshotException(500, true, "cannot delete snapshot " + name + ": " + e, e);
        }
        LOG.info("deleted snapshot {}", name);
    }

    /**
     * Finishes or rolls back every snapshot a stopped daemon left {@code creating}: finished when its layer is a
     * complete sealed layer (the volume's next config is moved into place if the rename had not happened), else
     * the new writable layer and next config are removed and the record marked failed (retriable).
     *
     * @return the names of the snapshots recovered
     */
    public synchronized List<String> recover() throws IOException {
        store.removeTemps();
        List<String> out = new ArrayList<>();
        for (SnapshotRecord r : store.list()) {
            if (r.state() != SnapshotRecord.State.CREATING) {
                continue;
            }
            SnapshotRecord settled = SnapshotCreation.settle(store, r, "the daemon stopped while snapshot "
                    + r.name() + " was being created; rolled back, create it again", true);
            LOG.warn("snapshot {}: unfinished at start; {}", r.name(),
                    settled.readyToUse() ? "its layer is sealed: finished" : "rolled back");
            out.add(r.name());
        }
        return out;
    }

    /** A new volume directory whose config stacks the snapshot's chain under a fresh writable layer. */
    public synchronized RestoredVolume restore(String snapshot, String volumeId) throws SnapshotException {
        checkName("volume id", volumeId);
        SnapshotRecord r = get(snapshot);
        if (!r.readyToUse()) {
            boolean creating = r.state() == SnapshotRecord.State.CREATING;
            throw new SnapshotException(409, creating, "snapshot " + snapshot + " is not ready to use ("
                    + r.state().json() + ")");
        }
        return RestoredVolume.create(volumes.resolve(volumeId), volumeId, r);
    }

    /**
     * Local layer files that snapshots (their chains) and restored volumes (their configs) stack, each with one
     * user ({@code snapshot s1}, {@code volume copy}); paths absolute and normalised. Open volumes are not in it.
     */
    public synchronized java.util.Map<Path, String> layerUsers() throws SnapshotException {
        java.util.Map<Path, String> users = new java.util.TreeMap<>();
        for (SnapshotRecord r : list()) {
            if (r.state() == SnapshotRecord.State.FAILED) {
                continue;
            }
            for (JsonNode l : r.chain()) {
                if (l.path("file").isTextual()) {
                    users.putIfAbsent(Path.of(l.path("file").textValue()).toAbsolutePath().normalize(),
                            "snapshot " + r.name());
                }
            }
        }
        for (String v : restoredVolumes()) {
            for (String lower : LayerFiles.localLowers(volumes.resolve(v).resolve(RestoredVolume.CONFIG))) {
                users.putIfAbsent(Path.of(lower).toAbsolutePath().normalize(), "volume " + v);
            }
        }
        return users;
    }

    /** The ids of the volumes restored from snapshots ({@code <dataDir>/volumes/<id>}), sorted. */
    public List<String> restoredVolumes() throws SnapshotException {
        if (!Files.isDirectory(volumes)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(volumes)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new SnapshotException(500, true, "cannot list " + volumes + ": " + e, e);
        }
    }

    /**
     * Refuses (409) the deletion of volume {@code id} while snapshots of it exist (restores and later snapshots
     * stack their layers; delete them first) or another restored volume's config stacks a layer of its directory.
     */
    public synchronized void checkDeletable(String id) throws SnapshotException {
        checkName("volume id", id);
        List<String> snaps = new ArrayList<>();
        for (SnapshotRecord r : list()) {
            if (r.sourceVolume().equals(id) && r.state() != SnapshotRecord.State.FAILED) {
                snaps.add(r.name());
            }
        }
        if (!snaps.isEmpty()) {
            throw new SnapshotException(409, false, "volume " + id + " has snapshot(s) " + String.join(", ", snaps)
                    + "; delete them first");
        }
        Path own = volumes.resolve(id).toAbsolutePath().normalize();
        for (String other : restoredVolumes()) {
            if (other.equals(id)) {
                continue;
            }
            for (String lower : LayerFiles.localLowers(volumes.resolve(other).resolve(RestoredVolume.CONFIG))) {
                if (Path.of(lower).toAbsolutePath().normalize().startsWith(own)) {
                    throw new SnapshotException(409, false, "volume " + other + " stacks " + lower + " of volume "
                            + id + "; delete " + other + " first");
                }
            }
        }
    }

    /** Removes the directory of a restored volume (already closed); false when {@code id} is not one. */
    public synchronized boolean removeRestored(String id) throws SnapshotException {
        checkName("volume id", id);
        Path d = volumes.resolve(id);
        if (!Files.isDirectory(d)) {
            return false;
        }
        new RestoredVolume(id, d, d.resolve(RestoredVolume.CONFIG)).discard();
        if (Files.exists(d)) {
            throw new SnapshotException(500, true, "cannot remove " + d + " completely");
        }
        LOG.info("deleted restored volume {} ({})", id, d);
        return true;
    }

    private Optional<SnapshotRecord> find(String name) throws SnapshotException {
        checkName("snapshot name", name);
        try {
            return store.read(name);
        } catch (IOException e) {
            throw new SnapshotException(500, false, e.getMessage(), e);
        }
    }

    /** Open volumes other than {@code source} that stack {@code layer}. */
    private List<String> openUsers(String layer, String source) {
        List<String> out = new ArrayList<>();
        images.devices().forEach(d -> {
            if (!d.id().equals(source) && stacks(images.tracked(d.id()), layer)) {
                out.add(d.id());
            }
        });
        return out;
    }

    private static boolean stacks(Optional<TrackedDevice> t, String layer) {
        return t.isPresent() && t.get().inner() instanceof OpenedImage img
                && img.layers().stream().anyMatch(l -> l.origin().equals(layer));
    }

    private boolean referenced(SnapshotRecord r) throws IOException {
        if (stacks(images.tracked(r.sourceVolume()), r.layer())
                || LayerFiles.localLowers(Path.of(r.sourceConfig())).contains(r.layer())) {
            return true;
        }
        for (SnapshotRecord other : store.list()) {
            for (JsonNode l : other.chain()) {
                if (l.path("file").asText("").equals(r.layer())) {
                    return true;
                }
            }
        }
        if (Files.isDirectory(volumes)) {
            try (Stream<Path> dirs = Files.list(volumes)) {
                for (Path d : dirs.toList()) {
                    if (LayerFiles.localLowers(d.resolve(RestoredVolume.CONFIG)).contains(r.layer())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void checkName(String what, String name) throws SnapshotException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SnapshotException(400, false, what + " \"" + name + "\": expected 1-128 characters of "
                    + "[A-Za-z0-9._-], starting with a letter or digit");
        }
    }
}
