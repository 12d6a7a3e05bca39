package io.obd4j.core.ext4;

import io.obd4j.nativeio.Posix;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * An ext4 filesystem in a sparse raw file, written in user space by e2fsprogs (see the package note): made empty
 * by {@link #create}, then grown one OCI layer tar at a time by {@link #apply}, each call returning exactly the
 * byte ranges it changed. Not thread-safe; one instance per raw file.
 */
public final class Ext4Image implements AutoCloseable {
    private final Path raw;
    private final Ext4Options options;
    private FsTree tree;
    private boolean closed;

    private Ext4Image(Path raw, Ext4Options options, FsTree tree) {
        this.raw = raw;
        this.options = options;
        this.tree = tree;
    }

    /** Makes an empty ext4 of {@code vsize} bytes in a new sparse raw file; same options ⇒ byte-identical file. */
    public static Ext4Image create(Path rawFile, long vsize, Ext4Options o) throws IOException {
        if (vsize % o.blockSize() != 0 || vsize < 64L << 20) {
            throw new IllegalArgumentException("vsize " + vsize + " must be a multiple of " + o.blockSize()
                + " and at least 64 MiB");
        }
        Path raw = rawFile.toAbsolutePath();
        Files.createFile(raw);
        Path profile = raw.resolveSibling(raw.getFileName() + ".mke2fs.conf");
        try {
            try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
                f.setLength(vsize);
            }
            Files.writeString(profile, Mke2fsProfile.text(o));
            E2fsTools.runChecked(Mke2fsProfile.command(raw, o), o.timestamp(),
                Map.of("MKE2FS_CONFIG", profile.toString()));
            FsTree t = FsTree.empty();
            FsTreeStore.save(t, FsTreeStore.pathFor(raw));
            return new Ext4Image(raw, o, t);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(raw);
            throw e;
        } finally {
            Files.deleteIfExists(profile);
        }
    }

    /** Continues an image made by {@link #create} (its {@code <raw>.tree} beside it). */
    public static Ext4Image open(Path rawFile, Ext4Options o) throws IOException {
        Path raw = rawFile.toAbsolutePath();
        if (!Files.isRegularFile(raw)) {
            throw new IOException(raw + ": no such raw image");
        }
        return new Ext4Image(raw, o, FsTreeStore.load(FsTreeStore.pathFor(raw)));
    }

    public Path rawFile() {
        return raw;
    }

    /** How many layers have been applied. */
    public int layers() {
        return tree.layers;
    }

    /** The byte ranges holding data right now (SEEK_DATA/SEEK_HOLE scan), 4 KiB aligned, sorted, merged. */
    public List<Extent> dataExtents() throws IOException {
        checkOpen();
        long size = Files.size(raw);
        List<Extent> out = new ArrayList<>();
        int fd = Posix.open(raw, 0, 0);
        try {
            long pos = 0;
            while (pos < size) {
                long data = Posix.seekData(fd, pos);
                if (data < 0 || data >= size) {
                    break;
                }
                long hole = Posix.seekHole(fd, data);
                long end = hole < 0 ? size : Math.min(hole, size);
                out.add(new Extent(data, end - data));
                pos = end;
            }
        } finally {
            Posix.close(fd);
        }
        return Extents.alignAndMerge(out);
    }

    /**
     * Applies one uncompressed OCI layer tar. Returns the sorted, merged, 4 KiB aligned byte ranges this call
     * changed. On failure the raw file and the tree are as before the call (debugfs's writes are undone with
     * {@code e2undo}); if even that fails, the exception says so and the raw file must be discarded.
     */
    public List<Extent> apply(InputStream tar, String layerName, LongConsumer progressBytes) throws IOException {
        checkOpen();
        Path work = raw.resolveSibling(raw.getFileName() + ".apply");
        Path undo = raw.resolveSibling(raw.getFileName() + ".undo");
        Path commands = work.resolve("commands");
        deleteTree(work);
        Files.deleteIfExists(undo);
        Files.createDirectories(work);
        if (!DebugfsScript.expressible(work.toString())) {
            throw new IOException(work + ": the work directory's path cannot be passed to debugfs");
        }
        boolean done = false;
        try {
            DebugfsScript script = plan(tar, layerName, progressBytes, work, commands);
            List<Extent> changed = List.of();
            if (script.size() > 0) {
                List<DebugfsRun.Failure> failures = DebugfsRun.run(raw, commands, undo, script, options.timestamp());
                if (!failures.isEmpty()) {
                    throw rollBack(layerName, script, failures, undo);
                }
                changed = Extents.alignAndMerge(UndoFileFormat.changedRanges(undo));
            }
            tree.layers++;
            FsTreeStore.save(tree, FsTreeStore.pathFor(raw));
            done = true;
            return changed;
        } finally {
            if (!done) {
                tree = FsTreeStore.load(FsTreeStore.pathFor(raw));
            }
            deleteTree(work);
            Files.deleteIfExists(undo);
        }
    }

    private DebugfsScript plan(InputStream tar, String layerName, LongConsumer progress, Path work, Path commands)
            throws IOException {
        try (DebugfsScript script = new DebugfsScript(commands)) {
            LayerPlanner planner = new LayerPlanner(tree, script, work, options.timestamp(), layerName);
            LayerTarReader reader = new LayerTarReader(tar, layerName, progress);
            TarEntry e;
            while ((e = reader.next()) != null) {
                planner.apply(e, reader.body());
            }
            planner.finish();
            return script;
        }
    }

    private LayerApplyException rollBack(String layerName, DebugfsScript script, List<DebugfsRun.Failure> failures,
                                         Path undo) {
        DebugfsRun.Failure first = failures.get(0);
        String entry = first.command() >= 0 ? script.entry(first.command()) : "";
        StringBuilder why = new StringBuilder("debugfs: ").append(TarEntry.display(first.message()));
        if (first.command() >= 0) {
            why.append(" (command: ").append(TarEntry.display(script.command(first.command()))).append(')');
        }
        if (failures.size() > 1) {
            why.append("; ").append(failures.size() - 1).append(" more error(s)");
        }
        try {
            if (Files.exists(undo)) {
                E2fsTools.runChecked(List.of(E2fsTools.locate("e2undo"), undo.toString(), raw.toString()),
                    options.timestamp(), Map.of());
            }
        } catch (IOException e) {
            why.append("; rolling back with e2undo failed too, discard ").append(raw).append(": ")
                .append(e.getMessage());
        }
        return new LayerApplyException(layerName, entry, why.toString());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(raw + ": image closed");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
