package io.obd4j.daemon;

import io.obd4j.core.metrics.Obd4jMetrics;
import io.obd4j.daemon.image.DeviceInfo;
import io.obd4j.daemon.image.ImageService;
import io.obd4j.daemon.image.OpenedImage;
import io.obd4j.daemon.image.TrackedDevice;
import io.obd4j.registry.RegistryStats;
import io.obd4j.registry.download.DownloadProgress;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Brings obd4j's sampled metrics up to date before each scrape: cache hits/misses and registry bytes from the
 * fetch path's counters, iSCSI sessions, devices per front end, per-device hung I/O (older than
 * {@link #HUNG_IO_NANOS}) and background-download progress per layer digest.
 */
final class MetricsRefresh implements Runnable {
    static final long HUNG_IO_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Obd4jMetrics metrics;
    private final ImageService images;
    private final Supplier<RegistryStats> registry;
    private final IntSupplier iscsiSessions;
    private final IntSupplier iscsiDevices;
    private final Set<String> hungLabels = new HashSet<>();
    private long hits;
    private long misses;
    private long fetched;

    MetricsRefresh(Obd4jMetrics metrics, ImageService images, Supplier<RegistryStats> registry,
                   IntSupplier iscsiSessions, IntSupplier iscsiDevices) {
        this.metrics = metrics;
        this.images = images;
        this.registry = registry;
        this.iscsiSessions = iscsiSessions;
        this.iscsiDevices = iscsiDevices;
    }

    @Override
    public synchronized void run() {
        RegistryStats s = registry.get();
        if (s != null) {
            hits = advance(metrics.cacheHits().labels("file"), hits, s.cacheHits());
            misses = advance(metrics.cacheMisses().labels("file"), misses, s.cacheMisses());
            fetched = advance(metrics.bytesFetched().labels("range"), fetched, s.bytesFetched());
        }
        metrics.iscsiSessions().labels().set(iscsiSessions.getAsInt());
        List<DeviceInfo> devices = images.devices();
        metrics.devices().labels("iscsi").set(iscsiDevices.getAsInt());
        Set<String> seen = new HashSet<>();
        for (DeviceInfo d : devices) {
            Optional<TrackedDevice> t = images.tracked(d.id());
            if (t.isEmpty()) {
                continue;
            }
            seen.add(d.id());
            metrics.hungIo().labels(d.id()).set(t.get().hungIo(HUNG_IO_NANOS));
            if (t.get().inner() instanceof OpenedImage img) {
                for (OpenedImage.Layer l : img.layers()) {
                    DownloadProgress p = l.download();
                    if (p != null && p.bytesTotal() > 0) {
                        metrics.downloadProgress().labels(l.digest()).set((double) p.bytesDone() / p.bytesTotal());
                    }
                }
            }
        }
        for (String gone : hungLabels) {
            if (!seen.contains(gone)) {
                metrics.hungIo().remove(gone);
            }
        }
        hungLabels.clear();
        hungLabels.addAll(seen);
    }

    private static long advance(io.obd4j.core.metrics.Counter.Child c, long last, long now) {
        if (now > last) {
            c.add(now - last);
        }
        return Math.max(now, last);
    }
}
