package io.obd4j.daemon.backing;

import io.obd4j.core.config.Obd4jConfig.BackingImagesConfig;
import io.obd4j.core.image.LayerStack;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.daemon.backing.BackingImageException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the backing images of one data directory: creates them from a download, an upload or a clone (pending →
 * in-progress → ready | failed, each step persisted), verifies the expected checksum before the layer is renamed into
 * place, re-hashes ready layers (when a volume opens one, and every {@code checkInterval}) and marks a changed one
 * failed, and deletes those no volume uses. Statuses are reloaded at start; interrupted downloads and clones start
 * again, an interrupted upload is failed (the client has to send it again).
 */
public final class BackingImageManager implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(BackingImageManager.class);

    /** Fills a source file (and reports its progress). */
    @FunctionalInterface
    private interface Filler {
        void fill(SourceFile out) throws IOException;
    }

    /** Produces the source file at a path, hashed with an algorithm; returns {@code algo:hex} of all its bytes. */
    @FunctionalInterface
    private interface Source {
        String produce(Path source, String algorithm) throws IOException;
    }

    private final BackingImageFiles files;
    private final UrlDownloader downloader;
    private final ResumableDownload download;
    private volatile boolean closing;
    private final VolumeSettings defaults;
    private final LayerImporter importer;
    private final Map<String, BackingImage> images = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "obd4j-backing-image");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService checker;

    /**
     * Loads {@code dir} (created with the first backing image, so an unused feature leaves no trace);
     * {@code checkInterval} zero = no periodic re-hash.
     */
    public BackingImageManager(Path dir, Duration idleTimeout, Duration checkInterval, String qemuImg)
            throws IOException {
        this(dir, idleTimeout, checkInterval, qemuImg, VolumeSettings.defaults(512, "tcmu"));
    }

    /** With the settings a backing image gets when its request states none ({@code defaults}). */
    public BackingImageManager(Path dir, Duration idleTimeout, Duration checkInterval, String qemuImg,
                               VolumeSettings defaults) throws IOException {
        this(dir, idleTimeout, checkInterval, qemuImg, defaults, ResumableDownload.CHECKPOINT_BYTES);
    }

    /** With downloads checkpointed every {@code checkpointBytes} (small in tests). */
    BackingImageManager(Path dir, Duration idleTimeout, Duration checkInterval, String qemuImg,
                        VolumeSettings defaults, long checkpointBytes) throws IOException {
        this.defaults = defaults;
        this.files = new BackingImageFiles(dir);
        this.downloader = new UrlDownloader(idleTimeout);
        this.download = new ResumableDownload(downloader, checkpointBytes);
        this.importer = new LayerImporter(qemuImg);
        load();
        if (checkInterval.isZero()) {
            checker = null;
        } else {
            checker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "obd4j-backing-image-check");
                t.setDaemon(true);
                return t;
            });
            long s = checkInterval.toSeconds();
            checker.scheduleWithFixedDelay(this::verifyAll, s, s, TimeUnit.SECONDS);
        }
    }

    /** From the {@code obd4j.backingImages} config section. */
    public static BackingImageManager of(BackingImagesConfig c, VolumeSettings defaults) throws IOException {
        return new BackingImageManager(Path.of(c.dir()), Duration.ofSeconds(c.idleTimeoutSeconds()),
                Duration.ofSeconds(c.checkIntervalSeconds()), "qemu-img", defaults);
    }

    /** The settings of a backing image whose request states none. */
    public VolumeSettings defaults() {
        return defaults;
    }

    private void load() throws IOException {
        List<String> errors = new ArrayList<>();
        for (BackingImage b : files.loadAll(errors)) {
            images.put(b.name(), b);
            boolean unfinished = b.state() == BackingImageState.PENDING || b.state() == BackingImageState.IN_PROGRESS;
            if (unfinished && (b.sourceType().equals("download") || b.sourceType().equals("clone"))) {
                LOG.info("backing image {}: restarting its {} after a restart", b.name(), b.sourceType());
                start(b);
            } else if (b.state() == BackingImageState.IN_PROGRESS) {
                fail(b.name(), "the daemon stopped during the " + b.sourceType() + "; create it again");
            }
        }
        errors.forEach(e -> LOG.error("backing image status skipped: {}", e));
    }

    public List<BackingImage> list() {
        return images.values().stream().sorted(Comparator.comparing(BackingImage::name)).toList();
    }

    public BackingImage get(String name) throws BackingImageException {
        BackingImage b = images.get(name);
        if (b == null) {
            throw new BackingImageException(Kind.NOT_FOUND, "no backing image " + name);
        }
        return b;
    }

    /**
     * Registers a backing image and, for {@code download} and {@code clone}, starts filling it in the background;
     * an {@code upload} one waits pending for {@link #upload}.
     */
    public BackingImage create(String name, String sourceType, String source, String checksum)
            throws BackingImageException {
        return create(name, sourceType, source, checksum, null);
    }

    /**
     * As {@link #create(String, String, String, String)}, prepared for {@code settings} (null: the defaults; a clone
     * keeps the settings of its source and refuses others).
     */
    public BackingImage create(String name, String sourceType, String source, String checksum,
                               VolumeSettings settings) throws BackingImageException {
        BackingImageFiles.checkName(name);
        VolumeSettings use = settings == null ? defaults : settings;
        String expected = checksum == null || checksum.isEmpty() ? "" : Checksum.parse(checksum).toString();
        String src = source == null ? "" : source;
        switch (sourceType == null ? "" : sourceType) {
            case "download":
                if (!src.startsWith("http://") && !src.startsWith("https://")) {
                    throw new BackingImageException(Kind.BAD_REQUEST, "url \"" + src + "\": expected http(s)://...");
                }
                break;
            case "clone":
                VolumeSettings of = get(src).settings();
                if (settings != null && !settings.equals(of)) {
                    throw new BackingImageException(Kind.CONFLICT, "a clone keeps the settings of backing image "
                            + src + " (" + of + "), not " + settings);
                }
                use = of;
                break;
            case "upload":
                break;
            default:
                throw new BackingImageException(Kind.BAD_REQUEST, "sourceType \"" + sourceType
                        + "\": expected one of download, upload, clone");
        }
        BackingImage b = new BackingImage(name, sourceType, src, expected, BackingImageState.PENDING, 0, 0, -1, "",
                "", "", 0, 0, "", Instant.now().toString(), use);
        if (images.putIfAbsent(name, b) != null) {
            throw new BackingImageException(Kind.CONFLICT, "backing image " + name + " exists already");
        }
        try {
            persist(b);
        } catch (IOException e) {
            images.remove(name);
            throw new BackingImageException(Kind.FAILED, "saving the status of " + name + ": " + e.getMessage(), e);
        }
        if (!sourceType.equals("upload")) {
            start(b);
        }
        return b;
    }

    /**
     * Exports the content of volume {@code devId}, read from {@code device} in the background, as a new backing
     * image. Writes that land during the export may or may not be in it: export an idle volume or a snapshot.
     */
    public BackingImage createExport(String name, String devId, io.obd4j.core.image.BlockDevice device,
                                     String checksum, VolumeSettings settings) throws BackingImageException {
        BackingImage b = create(name, "upload", devId, checksum, settings);
        BackingImage export = new BackingImage(name, "export", devId, b.expectedChecksum(), b.state(), 0, 0,
                device.size(), "", "", "", 0, 0, "", b.createdAt(), b.settings());
        images.put(name, export);
        workers.execute(() -> transfer(name, export.expectedChecksum(), out -> out.transfer(
                new BlockDeviceInputStream(device), pos -> progress(name, pos, device.size()))));
        return export;
    }

    private void start(BackingImage b) {
        workers.execute(() -> {
            if (b.sourceType().equals("clone")) {
                runClone(b);
            } else {
                transfer(b.name(), b.expectedChecksum(), (source, algorithm) -> download.run(b.name(), b.source(),
                        algorithm, source, (done, total) -> progress(b.name(), done, total)));
            }
        });
    }

    /**
     * Fills an {@code upload} backing image (created here when missing) from {@code body} of {@code length} bytes
     * (-1 = unknown); returns its final status, ready or failed.
     */
    public BackingImage upload(String name, String checksum, InputStream body, long length)
            throws BackingImageException {
        BackingImage b = images.get(name);
        if (b == null) {
            b = create(name, "upload", "", checksum);
        } else if (!b.sourceType().equals("upload")
                || b.state() != BackingImageState.PENDING && b.state() != BackingImageState.FAILED) {
            throw new BackingImageException(Kind.CONFLICT, "backing image " + name + " is a " + b.sourceType()
                    + " one in state " + b.state().text() + "; only a pending or failed upload one takes an upload");
        }
        String expected = checksum == null || checksum.isEmpty() ? b.expectedChecksum()
                : Checksum.parse(checksum).toString();
        transfer(name, expected, out -> out.transfer(body, pos -> progress(name, pos, length)));
        return get(name);
    }

    private void progress(String name, long done, long total) {
        images.computeIfPresent(name, (k, v) -> v.withTransfer(done, total));
    }

    /** A source written from the start by {@code filler}. */
    private void transfer(String name, String expected, Filler filler) {
        transfer(name, expected, (source, algorithm) -> {
            try (SourceFile out = new SourceFile(source, algorithm)) {
                filler.fill(out);
                return out.finish();
            }
        });
    }

    /**
     * Source → temp file → checksum check → layer temp → fsync → rename; any failure marks the image failed, except
     * a download stopped by {@link #close()}: it stays in progress, its bytes kept for the next start to resume.
     */
    private void transfer(String name, String expected, Source producer) {
        BackingImage b = images.computeIfPresent(name, (k, v) -> v.withState(BackingImageState.IN_PROGRESS, ""));
        Path source = files.part(name, "source");
        Path layerPart = files.part(name, "layer");
        boolean keepSource = false;
        try {
            persist(b);
            Files.deleteIfExists(layerPart);
            String algorithm = expected.isEmpty() ? "sha512" : expected.substring(0, expected.indexOf(':'));
            String got = producer.produce(source, algorithm);
            if (!expected.isEmpty() && !expected.equals(got)) {
                throw new IOException("checksum mismatch: expected " + expected + ", the source has " + got);
            }
            LayerImporter.Imported imp = importer.importLayer(source, layerPart, b.settings());
            // the source and its checkpoint go before the ready state is published
            BackingImageFiles.deleteQuietly(source);
            BackingImageFiles.deleteQuietly(ResumableDownload.checkpointOf(source));
            install(name, layerPart, got, imp.format(), imp.virtualSize());
        } catch (IOException | RuntimeException e) {
            if (closing && b != null && b.sourceType().equals("download")) {
                // stopped (connection dropped, or the file channel closed by the interrupt): not a failure
                keepSource = true;
                LOG.info("backing image {}: download stopped ({}); it resumes at the next start", name, e.toString());
                return;
            }
            // temp files go before the failed state is published: a waiter sees a finished, clean image
            removeParts(source, layerPart);
            fail(name, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            if (!keepSource) {
                removeParts(source, layerPart);
            }
        }
    }

    private static void removeParts(Path source, Path layerPart) {
        BackingImageFiles.deleteQuietly(source);
        BackingImageFiles.deleteQuietly(ResumableDownload.checkpointOf(source));
        BackingImageFiles.deleteQuietly(layerPart);
    }

    private void runClone(BackingImage b) {
        Path layerPart = files.part(b.name(), "layer");
        try {
            persist(images.computeIfPresent(b.name(), (k, v) -> v.withState(BackingImageState.IN_PROGRESS, "")));
            Path from = acquire(b.source());
            BackingImage src = get(b.source());
            if (!b.expectedChecksum().isEmpty() && !b.expectedChecksum().equals(src.sourceChecksum())) {
                throw new IOException("checksum mismatch: expected " + b.expectedChecksum() + ", " + src.name()
                        + " has " + src.sourceChecksum());
            }
            Files.deleteIfExists(layerPart);
            Files.copy(from, layerPart);
            BackingImageFiles.force(layerPart);
            install(b.name(), layerPart, src.sourceChecksum(), src.format(), src.virtualSize());
        } catch (IOException | BackingImageException | RuntimeException e) {
            BackingImageFiles.deleteQuietly(layerPart);
            fail(b.name(), e.getMessage());
        } finally {
            BackingImageFiles.deleteQuietly(layerPart);
        }
    }

    private void install(String name, Path layerPart, String checksum, String format, long vsize)
            throws IOException {
        String layerHash = BackingImageFiles.sha256(layerPart);
        long len = Files.size(layerPart);
        Files.move(layerPart, files.layer(name), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        BackingImageFiles.force(files.imageDir(name));
        BackingImage current = images.get(name);
        if (current == null) {
            return;
        }
        // saved before it is shown: whoever sees it ready may stop the daemon at once
        BackingImage b = current.withResult(checksum, format, layerHash, len, vsize);
        persist(b);
        images.computeIfPresent(name, (k, v) -> b);
        finished();
        LOG.info("backing image {} ready: {} {} bytes, layer {} bytes", name, format, vsize, len);
    }

    private void fail(String name, String error) {
        BackingImage b = images.computeIfPresent(name, (k, v) -> v.withState(BackingImageState.FAILED, error));
        finished();
        LOG.error("backing image {} failed: {}", name, error);
        try {
            persist(b);
        } catch (IOException e) {
            LOG.error("backing image {}: cannot save its status: {}", name, e.getMessage());
        }
    }

    /** Blocks until the backing image is ready or failed (a volume waiting for its base); returns that status. */
    public BackingImage awaitFinished(String name) throws BackingImageException {
        synchronized (images) {
            while (true) {
                BackingImage b = get(name);
                if (b.state() == BackingImageState.READY || b.state() == BackingImageState.FAILED) {
                    return b;
                }
                try {
                    images.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BackingImageException(Kind.FAILED, "interrupted while waiting for " + name, e);
                }
            }
        }
    }

    private void finished() {
        synchronized (images) {
            images.notifyAll();
        }
    }

    /**
     * The layer of a ready backing image for a volume to stack on, after re-hashing it: a layer whose bytes changed
     * marks the image failed and is refused.
     */
    public Path acquire(String name) throws BackingImageException {
        BackingImage b = verify(name);
        if (b.state() != BackingImageState.READY) {
            throw new BackingImageException(Kind.CONFLICT, "backing image " + name + " is " + b.state().text()
                    + (b.error().isEmpty() ? "" : ": " + b.error()));
        }
        return files.layer(name);
    }

    /** Re-hashes a ready backing image's layer; a mismatch (or a missing file) marks it failed. */
    public BackingImage verify(String name) throws BackingImageException {
        BackingImage b = get(name);
        if (b.state() != BackingImageState.READY) {
            return b;
        }
        Path layer = files.layer(name);
        try {
            String now = BackingImageFiles.sha256(layer);
            if (!now.equals(b.layerSha256())) {
                fail(name, "layer file " + layer + " changed: expected " + b.layerSha256() + ", found " + now);
            }
        } catch (IOException e) {
            fail(name, "layer file " + layer + " cannot be read: " + e.getMessage());
        }
        return get(name);
    }

    private void verifyAll() {
        for (String name : Set.copyOf(images.keySet())) {
            try {
                verify(name);
            } catch (BackingImageException e) {
                LOG.debug("backing image {} went away during the check", name);
            }
        }
    }

    /** Opens a ready backing image's content (the disk it presents) for reading. */
    public LayerStack openContent(String name) throws BackingImageException, IOException {
        return LayerStack.openBlobs(List.of(LocalFileSource.open(acquire(name))));
    }

    /** The layer file path a ready image has (for in-use checks). */
    public Path layerPath(String name) {
        return files.layer(name);
    }

    /** Deletes a backing image unless {@code layersInUse} has its layer or it is transferring. */
    public void delete(String name, Set<Path> layersInUse) throws BackingImageException {
        BackingImage b = get(name);
        if (layersInUse.contains(files.layer(name).toAbsolutePath().normalize())) {
            throw new BackingImageException(Kind.CONFLICT, "backing image " + name + " is in use by a volume; "
                    + "close the volumes stacked on it first");
        }
        if (b.state() == BackingImageState.IN_PROGRESS) {
            throw new BackingImageException(Kind.CONFLICT, "backing image " + name + " is being transferred");
        }
        images.remove(name);
        finished();
        try {
            files.delete(name);
        } catch (IOException e) {
            throw new BackingImageException(Kind.FAILED, "deleting " + files.imageDir(name) + ": " + e.getMessage(), e);
        }
    }

    private void persist(BackingImage b) throws IOException {
        if (b != null) {
            files.save(b);
        }
    }

    /**
     * Stops running downloads (kept for the next start to resume) and waits for the workers to end (interrupted
     * after 10 s).
     */
    @Override
    public void close() {
        closing = true;
        downloader.close();
        // downloads end within 100 ms; other work gets a moment to save its state before it is interrupted
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
                if (!workers.awaitTermination(20, TimeUnit.SECONDS)) {
                    LOG.warn("backing image workers still running 30 s after the stop");
                }
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (checker != null) {
            checker.shutdownNow();
        }
    }
}
