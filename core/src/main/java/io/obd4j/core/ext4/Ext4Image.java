package io.obd4j.core.ext4;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ext4 filesystem in a sparse raw file, written in user space by e2fsprogs (see the package note): made empty
 * by {@link #create}, then grown one OCI layer tar at a time by {@link #apply}, each call returning exactly the
 * byte ranges it changed. Not thread-safe; one instance per raw file.
 */
public final class Ext4Image implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ext4Image.class);

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
        E2fsTools.requireVersion();
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
        E2fsTools.requireVersion();
        Path raw = rawFile.toAbsolutePath();
        if (!Files.isRegularFile(raw)) {
            throw new IOException(raw + ": no such raw image");
        }
        Path treeFile = FsTreeStore.pathFor(raw);
        if (!Files.isRegularFile(treeFile)) {
            throw new IOException(treeFile + ": missing; open continues only images made by Ext4Image.create");
        }
        return new Ext4Image(raw, o, FsTreeStore.load(treeFile));
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
        return Extents.dataExtents(raw);
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
        deleteTree(work);
        Files.deleteIfExists(undo);
        Files.createDirectories(work);
        if (!DebugfsSession.expressible(work.toString())) {
            throw new IOException(work + ": the work directory's path cannot be passed to debugfs");
        }
        boolean done = false;
        try {
            long t0 = System.nanoTime();
            List<Extent> changed;
            int commands;
            try (DebugfsSession session = DebugfsSession.open(raw, undo, layerName, options.timestamp())) {
                List<DebugfsSession.Failure> failures;
                try {
                    feed(session, tar, layerName, progressBytes, work);
                } catch (IOException | RuntimeException e) {
                    failures = session.finish();
                    throw rollBack(e instanceof LayerApplyException l ? l
                        : new LayerApplyException(layerName, session.entry(), e.toString(), e), failures, undo);
                }
                failures = session.finish();
                if (!failures.isEmpty()) {
                    DebugfsSession.Failure first = failures.get(0);
                    throw rollBack(new LayerApplyException(layerName, first.entry(), describe(failures)), failures,
                        undo);
                }
                commands = session.size();
                changed = Files.exists(undo) ? Extents.alignAndMerge(UndoFileFormat.changedRanges(undo)) : List.of();
            }
            tree.layers++;
            FsTreeStore.save(tree, FsTreeStore.pathFor(raw));
            done = true;
            LOG.info("layer {}: {} debugfs commands in {} ms; {} changed extents, {} bytes", layerName, commands,
                (System.nanoTime() - t0) / 1_000_000, changed.size(), changed.stream().mapToLong(Extent::length).sum());
            return changed;
        } finally {
            if (!done) {
                tree = FsTreeStore.load(FsTreeStore.pathFor(raw));
            }
            deleteTree(work);
            Files.deleteIfExists(undo);
        }
    }

    /** Parses the tar into the session; stops early once debugfs has reported an error. */
    private void feed(DebugfsSession session, InputStream tar, String layerName, LongConsumer progress, Path work)
            throws IOException {
        LayerPlanner planner = new LayerPlanner(tree, session, work, options.timestamp(), layerName);
        LayerTarReader reader = new LayerTarReader(tar, layerName, progress);
        TarEntry e;
        while (!session.failed() && (e = reader.next()) != null) {
            planner.apply(e, reader.body());
        }
        planner.finish();
    }

    private static String describe(List<DebugfsSession.Failure> failures) {
        DebugfsSession.Failure first = failures.get(0);
        StringBuilder why = new StringBuilder("debugfs: ").append(TarEntry.display(first.message()));
        if (!first.command().isEmpty()) {
            why.append(" (command: ").append(TarEntry.display(first.command())).append(')');
        }
        if (failures.size() > 1) {
            why.append("; ").append(failures.size() - 1).append(" more error(s)");
        }
        return why.toString();
    }

    /**
     * Undoes whatever debugfs wrote for the failed layer. The primary failure stays {@code failure}; a debugfs
     * error seen at the same time, and a failed roll-back, are added to its message.
     */
    private LayerApplyException rollBack(LayerApplyException failure, List<DebugfsSession.Failure> debugfs,
                                         Path undo) {
        StringBuilder extra = new StringBuilder();
        if (!debugfs.isEmpty() && !failure.getMessage().contains(debugfs.get(0).message())) {
            extra.append("; also ").append(describe(debugfs));
        }
        try {
            if (Files.exists(undo) && !UndoFileFormat.changedRanges(undo).isEmpty()) {
                E2fsTools.runChecked(List.of(E2fsTools.locate("e2undo"), undo.toString(), raw.toString()),
                    options.timestamp(), Map.of());
            }
        } catch (IOException e) {
            extra.append("; rolling back with e2undo failed too, discard ").append(raw).append(": ")
                .append(e.getMessage());
        }
        if (extra.length() == 0) {
            return failure;
        }
        LayerApplyException e = new LayerApplyException(failure.layer(), failure.entry(), failure.why() + extra);
        e.setStackTrace(failure.getStackTrace());
        return e;
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
