package io.obd4j.daemon.image;

import io.obd4j.core.config.ConfigException;
import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.DownloadConfig;
import io.obd4j.core.config.ImageConfig;
import io.obd4j.core.config.OpenErrors;
import io.obd4j.core.config.ResultFile;
import io.obd4j.core.image.BlockDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The in-process {@link ImageService}: device records by id, overlaybd's open sequence around an
 * {@link ImageOpener} (config parse, download default from the global config, duplicate-id check, resultFile) and
 * the live-snapshot checks and final config rename.
 */
public final class DeviceRegistry implements ImageService {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

    private record Entry(DeviceInfo info, ResolvedImage image, TrackedDevice device) {
    }

    /** How long a close waits for running I/O before it flushes and closes anyway. */
    static final long DRAIN_MILLIS = 30_000;

    private final ImageOpener opener;
    private final Supplier<DownloadConfig> globalDownload;
    private final Clock clock;
    private final Map<String, Entry> devices = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    /** {@code globalDownload} is asked on every open: overlaybd re-reads the global config each time. */
    public DeviceRegistry(ImageOpener opener, Supplier<DownloadConfig> globalDownload, Clock clock) {
        this.opener = opener;
        this.globalDownload = globalDownload;
        this.clock = clock;
    }

    @Override
    public DeviceInfo open(Path configPath, String devId) throws ImageServiceException {
        ImageConfig config = load(configPath).withDownloadDefault(globalDownload.get());
        ResultFile result = new ResultFile(config.resultFile());
        String id = devId == null || devId.isEmpty() ? "obd4j-" + nextId.getAndIncrement() : devId;
        // Reserve the id first (overlaybd registers the dev id before opening the layers).
        if (devices.putIfAbsent(id, placeholder(id)) != null) {
            result.fail(OpenErrors.duplicatedDevId(id));
            writeResult(result);
            throw new ImageServiceException(ImageServiceException.Kind.DUPLICATE, OpenErrors.duplicatedDevId(id));
        }
        try {
            ResolvedImage image = LayerResolver.resolve(configPath, id, config);
            TrackedDevice device = new TrackedDevice(opener.open(image));
            DeviceInfo info = new DeviceInfo(id, configPath.toString(), device.isReadOnly(), device.size(),
                    image.lowers().size(), config.resultFile(), clock.instant());
            devices.put(id, new Entry(info, image, device));
            writeResult(result);
            LOG.info("opened device {} from {} ({} lowers, {})", id, configPath, info.lowers(),
                    info.readOnly() ? "read-only" : "writable");
            return info;
        } catch (ImageServiceException e) {
            devices.remove(id);
            result.fail(e.resultText());
            writeResult(result);
            LOG.error("failed to open device {} from {}: {}", id, configPath, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            devices.remove(id);
            result.fail(OpenErrors.CREATE_DEVICE_FAILED);
            writeResult(result);
            throw new ImageServiceException(ImageServiceException.Kind.FAILED, OpenErrors.CREATE_DEVICE_FAILED, e);
        }
    }

    @Override
    public void close(String devId) throws ImageServiceException {
        Entry e = devices.get(devId);
        if (e == null || e.device() == null) {
            throw new ImageServiceException(ImageServiceException.Kind.NOT_FOUND, "no device " + devId);
        }
        devices.remove(devId, e);
        try {
            if (!e.device().drain(DRAIN_MILLIS)) {
                LOG.warn("device {}: I/O still running after {} ms; flushing and closing anyway", devId,
                        DRAIN_MILLIS);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        try {
            // the drained device refuses I/O: flush the image behind it
            if (!e.device().isReadOnly()) {
                e.device().inner().flush();
            }
            e.device().close();
        } catch (IOException ex) {
            throw new ImageServiceException(ImageServiceException.Kind.FAILED, "close of " + devId + " failed", ex);
        }
        LOG.info("closed device {}", devId);
    }

    @Override
    public List<DeviceInfo> devices() {
        List<DeviceInfo> out = new ArrayList<>();
        devices.values().stream().filter(e -> e.device() != null).forEach(e -> out.add(e.info()));
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    @Override
    public Optional<DeviceInfo> device(String devId) {
        Entry e = devices.get(devId);
        return e == null || e.device() == null ? Optional.empty() : Optional.of(e.info());
    }

    @Override
    public Optional<BlockDevice> blockDevice(String devId) {
        Entry e = devices.get(devId);
        return e == null ? Optional.empty() : Optional.ofNullable(e.device());
    }

    @Override
    public Optional<TrackedDevice> tracked(String devId) {
        Entry e = devices.get(devId);
        return e == null ? Optional.empty() : Optional.ofNullable(e.device());
    }

    @Override
    public void snapshot(String devId, Path newConfig) throws ImageServiceException {
        Entry e = devices.get(devId);
        if (e == null || e.device() == null) {
            throw new ImageServiceException(ImageServiceException.Kind.NOT_FOUND, "Image file not found");
        }
        synchronized (e) {
            ImageConfig next = load(newConfig);
            ImageConfig current = e.image().config();
            if (next.upper().index().equals(current.upper().index())
                    || next.upper().data().equals(current.upper().data())) {
                throw new ImageServiceException(ImageServiceException.Kind.FAILED,
                        "the new upper must differ from the current one in both index and data");
            }
            ResolvedImage resolved = LayerResolver.resolve(e.image().configPath(), devId, next);
            if (!next.upper().isWritable()) {
                throw new ImageServiceException(ImageServiceException.Kind.FAILED, "the new config has no upper");
            }
            opener.snapshot(e.device().inner(), e.image(), resolved);
            try {
                Files.move(newConfig, e.image().configPath(), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException ex) {
                throw new ImageServiceException(ImageServiceException.Kind.FAILED, "rename of " + newConfig
                        + " failed", ex);
            }
            DeviceInfo info = new DeviceInfo(devId, e.info().configPath(), e.device().isReadOnly(),
                    e.device().size(), resolved.lowers().size(), e.info().resultFile(), e.info().openedAt());
            devices.put(devId, new Entry(info, resolved, e.device()));
            LOG.info("live snapshot of {}: {} lowers now", devId, info.lowers());
        }
    }

    @Override
    public void closeAll() {
        for (String id : new ArrayList<>(devices.keySet())) {
            try {
                close(id);
            } catch (ImageServiceException e) {
                LOG.error("closing {} at shutdown: {}", id, e.getMessage(), e);
            }
        }
    }

    private static ImageConfig load(Path configPath) throws ImageServiceException {
        try {
            return ConfigLoader.loadImage(configPath).config();
        } catch (ConfigException e) {
            // overlaybd: "error parse image config", and no resultFile (its path is in the unreadable file).
            throw new ImageServiceException(ImageServiceException.Kind.FAILED, e.getMessage(), e);
        }
    }

    private static void writeResult(ResultFile result) {
        try {
            result.write();
        } catch (IOException e) {
            LOG.error("cannot write resultFile {}: {}", result.path(), e.toString());
        }
    }

    private Entry placeholder(String id) {
        return new Entry(new DeviceInfo(id, "", true, 0, 0, "", clock.instant()), null, null);
    }
}
