package io.obd4j.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.config.DownloadConfig;
import io.obd4j.core.config.ExporterConfig;
import io.obd4j.core.config.OverlaybdConfig;
import io.obd4j.core.config.ServiceConfig;
import io.obd4j.core.metrics.Obd4jMetrics;
import io.obd4j.daemon.api.ApiExtension;
import io.obd4j.daemon.api.ApiRoutes;
import io.obd4j.daemon.api.HttpServer;
import io.obd4j.daemon.api.MetricsRoutes;
import io.obd4j.daemon.backing.BackingImageManager;
import io.obd4j.daemon.backing.BackingImageRoutes;
import io.obd4j.daemon.backing.VolumeSettings;
import io.obd4j.daemon.image.DeviceExporter;
import io.obd4j.daemon.image.DeviceRegistry;
import io.obd4j.daemon.image.FormatImageOpener;
import io.obd4j.daemon.image.ImageOpener;
import io.obd4j.daemon.image.ImageService;
import io.obd4j.daemon.snapshot.SnapshotRoutes;
import io.obd4j.daemon.snapshot.VolumeSnapshots;
import io.obd4j.nativeio.NativeIoException;
import io.obd4j.registry.RegistryStats;
import io.obd4j.registry.cache.CachePool;
import io.obd4j.nativeio.SdNotify;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The running service: image service, front ends, HTTP API and Prometheus exporter, in that start order, and the
 * reverse on {@link #close()} (devices are flushed and closed after the front ends have drained). Tells systemd
 * READY=1 with a STATUS= line once everything listens, and STOPPING=1 when shutdown begins.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OverlaybdConfig config;
    private final List<FrontEnd> frontEnds;
    private final SdNotify notify;
    private final Obd4jMetrics metrics;
    private final DeviceRegistry images;
    private final ImageOpener opener;
    private final List<FrontEnd> started = new ArrayList<>();
    private HttpServer api;
    private HttpServer exporter;
    private BackingImageManager backingImages;
    private Instant startedAt;
    private boolean closed;

    /**
     * @param downloadDefault the global {@code download} section, asked on every device open (overlaybd re-reads
     *                        the global config each time)
     */
    public Daemon(OverlaybdConfig config, ImageOpener opener, List<FrontEnd> frontEnds, SdNotify notify,
                  Supplier<DownloadConfig> downloadDefault) {
        this(config, opener, frontEnds, notify, downloadDefault, new Obd4jMetrics());
    }

    /** {@code metrics} is shared with the opener, whose read meters feed it. */
    public Daemon(OverlaybdConfig config, ImageOpener opener, List<FrontEnd> frontEnds, SdNotify notify,
                  Supplier<DownloadConfig> downloadDefault, Obd4jMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.frontEnds = List.copyOf(frontEnds);
        this.notify = notify;
        this.opener = opener;
        this.images = new DeviceRegistry(opener, downloadDefault, Clock.systemUTC());
    }

    public synchronized void start() throws Exception {
        startedAt = Instant.now();
        try {
            for (FrontEnd f : frontEnds) {
                f.start(images);
                started.add(f);
                LOG.info("front end {} started", f.name());
            }
            DeviceExporter exports = exporter();
            ServiceConfig svc = config.serviceConfig();
            if (svc.enable()) {
                SnapshotRoutes snapshots = snapshotRoutes();
                ApiRoutes routes = new ApiRoutes(images, this::health, exports, snapshots, extensions(snapshots));
                api = svc.isUnixSocket() ? HttpServer.unix("api", routes.router(), Path.of(svc.unixPath()))
                        : HttpServer.tcp("api", routes.router(), svc.host(), svc.port());
            }
            ExporterConfig exp = config.exporterConfig();
            if (exp.enable()) {
                MetricsRefresh refresh = new MetricsRefresh(metrics, images,
                        () -> opener instanceof FormatImageOpener f ? f.registryStats() : null, this::iscsiSessions,
                        () -> (int) images.devices().stream().filter(d -> exports != null
                                && exports.exportOf(d.id()).isPresent()).count());
                this.exporter = HttpServer.tcp("exporter", new MetricsRoutes(metrics, exp.uriPrefix(), refresh)
                        .router(), exp.address(), exp.port());
            }
        } catch (Exception e) {
            close();
            throw e;
        }
        notifySystemd(true);
        LOG.info("obd4j ready: {}", status());
    }

    /**
     * Volume snapshots under {@code obd4j.dataDir}, after finishing or rolling back the ones a stop left half-made;
     * null (no snapshot routes) when the data directory is unusable.
     */
    private SnapshotRoutes snapshotRoutes() {
        Path dataDir = Path.of(config.obd4j().dataDir());
        try {
            VolumeSnapshots snapshots = new VolumeSnapshots(images, dataDir, Clock.systemUTC());
            List<String> recovered = snapshots.recover();
            if (!recovered.isEmpty()) {
                LOG.warn("recovered unfinished snapshots {}", recovered);
            }
            return new SnapshotRoutes(snapshots);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.error("volume snapshots disabled: data directory {} is unusable: {}", dataDir, e.toString());
            return null;
        }
    }

    /** Backing images, when their data directory can be used (else the API runs without them). */
    private List<ApiExtension> extensions(SnapshotRoutes snapshots) {
        try {
            var iscsi = config.obd4j().iscsi();
            backingImages = BackingImageManager.of(config.obd4j().backingImages(), iscsi.enable()
                    ? VolumeSettings.defaults(iscsi.blockSize(), "iscsi") : VolumeSettings.defaults(512, "tcmu"));
            return List.of(new BackingImageRoutes(backingImages, images, snapshots == null ? Map::of
                    : () -> snapshots.volumes().layerUsers()));
        } catch (java.io.IOException e) {
            LOG.warn("backing images disabled: cannot use {}: {}", config.obd4j().backingImages().dir(),
                    e.toString());
            return List.of();
        }
    }

    /** The first started front end that exports devices on request (the iSCSI target), or null. */
    public DeviceExporter exporter() {
        for (FrontEnd f : started) {
            if (f instanceof DeviceExporter e) {
                return e;
            }
        }
        return null;
    }

    private int iscsiSessions() {
        for (FrontEnd f : started) {
            if (f instanceof IscsiFrontEnd i) {
                return i.sessionCount();
            }
        }
        return 0;
    }

    /** One line for systemd's STATUS=. */
    public String status() {
        StringBuilder sb = new StringBuilder();
        sb.append(images.devices().size()).append(" devices");
        for (FrontEnd f : started) {
            sb.append("; ").append(f.name()).append(": ").append(f.status());
        }
        if (api != null) {
            sb.append("; api ").append(api.localAddress());
        }
        if (exporter != null) {
            sb.append("; metrics ").append(exporter.localAddress());
        }
        return sb.toString();
    }

    /** The {@code GET /health} body. */
    public JsonNode health() {
        ObjectNode n = JSON.createObjectNode();
        n.put("status", closed ? "stopping" : "ok");
        n.put("uptimeSeconds", startedAt == null ? 0 : Duration.between(startedAt, Instant.now()).getSeconds());
        n.put("devices", images.devices().size());
        ArrayNode fe = n.putArray("frontEnds");
        for (FrontEnd f : started) {
            fe.addObject().put("name", f.name()).put("status", f.status());
        }
        if (opener instanceof FormatImageOpener f) {
            RegistryStats rs = f.registryStats();
            ObjectNode cache = n.putObject("cache").put("hits", rs.cacheHits()).put("misses", rs.cacheMisses())
                    .put("bytesFetched", rs.bytesFetched());
            CachePool pool = f.cache();
            if (pool != null) {
                cache.put("usedBytes", pool.used()).put("capacityBytes", pool.capacity())
                        .put("pieces", pool.pieceCount());
            }
        }
        return n;
    }

    /** The backing images, or null when they are disabled (their directory unusable) or the API is off. */
    public BackingImageManager backingImages() {
        return backingImages;
    }

    public ImageService images() {
        return images;
    }

    public Obd4jMetrics metrics() {
        return metrics;
    }

    /** Where the API listens, or null when it is disabled. */
    public SocketAddress apiAddress() {
        return api == null ? null : api.localAddress();
    }

    /** Where the exporter listens, or null when it is disabled. */
    public SocketAddress exporterAddress() {
        return exporter == null ? null : exporter.localAddress();
    }

    /** Stops the API, drains the front ends, flushes and closes every device, stops the exporter. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        notifySystemd(false);
        LOG.info("obd4j stopping");
        if (api != null) {
            api.close();
        }
        List<FrontEnd> reverse = new ArrayList<>(started);
        Collections.reverse(reverse);
        for (FrontEnd f : reverse) {
            try {
                f.close();
            } catch (Exception e) {
                LOG.error("stopping front end {}: {}", f.name(), e.toString(), e);
            }
        }
        images.closeAll();
        if (backingImages != null) {
            backingImages.close();
        }
        if (exporter != null) {
            exporter.close();
        }
        LOG.info("obd4j stopped");
    }

    private void notifySystemd(boolean ready) {
        try {
            if (ready) {
                notify.ready(status());
            } else {
                notify.stopping();
            }
        } catch (NativeIoException e) {
            LOG.warn("sd_notify failed: {}", e.getMessage());
        }
    }
}
