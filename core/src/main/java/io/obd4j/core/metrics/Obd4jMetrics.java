package io.obd4j.core.metrics;

import java.util.List;

/**
 * Every metric the daemon exports, in one place: overlaybd's two read meters ({@code pread}, {@code download}) and
 * obd4j's own counters and gauges. {@link #render} gives the body of the Prometheus endpoint.
 */
public final class Obd4jMetrics {
    public static final String PREAD = "pread";
    public static final String DOWNLOAD = "download";

    private final Metrics registry = new Metrics();
    private final ReadMeter pread;
    private final ReadMeter download;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter bytesFetched;
    private final Gauge downloadProgress;
    private final Gauge iscsiSessions;
    private final Gauge hungIo;
    private final Gauge devices;
    private final Counter prefetchRanges;
    private final Counter prefetchBytes;

    public Obd4jMetrics() {
        pread = new ReadMeter(PREAD);
        download = new ReadMeter(DOWNLOAD);
        cacheHits = registry.counter("obd4j_cache_hits_total", "Reads of remote layers answered from the cache.",
                "cache");
        cacheMisses = registry.counter("obd4j_cache_misses_total",
                "Reads of remote layers that had to refill from the registry.", "cache");
        bytesFetched = registry.counter("obd4j_registry_bytes_fetched_total",
                "Bytes read from registries (range reads and background downloads).", "kind");
        downloadProgress = registry.gauge("obd4j_background_download_progress_ratio",
                "Fraction of each layer blob downloaded in the background (1 = complete).", "digest");
        iscsiSessions = registry.gauge("obd4j_iscsi_sessions", "Open iSCSI sessions.");
        hungIo = registry.gauge("obd4j_hung_io", "I/Os outstanding longer than the hang threshold.", "device");
        devices = registry.gauge("obd4j_devices", "Open devices by front end.", "frontend");
        prefetchRanges = registry.counter("obd4j_prefetch_ranges_total",
                "Ranges read ahead by trace or file-list prefetch.", "mode");
        prefetchBytes = registry.counter("obd4j_prefetch_bytes_total",
                "Bytes read ahead by trace or file-list prefetch.", "mode");
    }

    public ReadMeter pread() {
        return pread;
    }

    public ReadMeter download() {
        return download;
    }

    /** Label {@code cache}: {@code file}, {@code ocf}, {@code download} or {@code gzip}. */
    public Counter cacheHits() {
        return cacheHits;
    }

    public Counter cacheMisses() {
        return cacheMisses;
    }

    /** Label {@code kind}: {@code range} or {@code background}. */
    public Counter bytesFetched() {
        return bytesFetched;
    }

    public Gauge downloadProgress() {
        return downloadProgress;
    }

    public Gauge iscsiSessions() {
        return iscsiSessions;
    }

    public Gauge hungIo() {
        return hungIo;
    }

    /** Label {@code frontend}: {@code tcmu} or {@code iscsi}. */
    public Gauge devices() {
        return devices;
    }

    /** Label {@code mode}: {@code trace} or {@code filelist}. */
    public Counter prefetchRanges() {
        return prefetchRanges;
    }

    public Counter prefetchBytes() {
        return prefetchBytes;
    }

    /** The registry, for components that add their own metrics. */
    public Metrics registry() {
        return registry;
    }

    /** overlaybd's block (byte-exact) followed by obd4j's metrics. */
    public String render(String node, long timestampMillis) {
        StringBuilder sb = new StringBuilder(4096);
        OverlaybdExposition.write(node, List.of(pread, download), timestampMillis, sb);
        TextExposition.write(registry, sb);
        return sb.toString();
    }
}
