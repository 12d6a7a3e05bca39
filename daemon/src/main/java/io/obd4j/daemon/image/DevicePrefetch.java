package io.obd4j.daemon.image;

import io.obd4j.core.config.LayerConfig;
import io.obd4j.core.config.PrefetchConfig;
import io.obd4j.core.ext4.Ext4Filesystem;
import io.obd4j.core.image.LayerStack;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.metrics.Obd4jMetrics;
import io.obd4j.core.prefetch.FileList;
import io.obd4j.core.prefetch.PrefetchProgress;
import io.obd4j.core.prefetch.PrefetchTarget;
import io.obd4j.core.prefetch.RecordingSource;
import io.obd4j.core.prefetch.TraceFile;
import io.obd4j.core.prefetch.TraceRecording;
import io.obd4j.core.prefetch.TraceReplayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The prefetch of one device (overlaybd {@code init_image_file} + {@code new_prefetcher}, spec §9.3): which mode the
 * config selects, the recording wrapper around each lower's unwrapped bytes in record mode, and the replay started
 * once the image is open (a trace against the lowers, or a file list against the merged lowers' ext4). Closed
 * before the image: a replay stops, a recording is dumped.
 */
public final class DevicePrefetch implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(DevicePrefetch.class);

    /** What the device does with its trace file. */
    public enum Mode { DISABLED, RECORD, REPLAY_TRACE, REPLAY_FILELIST }

    private final Mode mode;
    private final Path file;
    private final PrefetchConfig config;
    private final Map<Integer, PrefetchTarget> layers = new HashMap<>();
    private TraceRecording recording;
    private volatile TraceReplayer replayer;

    private DevicePrefetch(Mode mode, Path file, PrefetchConfig config) {
        this.mode = mode;
        this.file = file;
        this.config = config;
    }

    /** No prefetch. */
    static DevicePrefetch disabled() {
        return new DevicePrefetch(Mode.DISABLED, null, PrefetchConfig.DEFAULT);
    }

    /**
     * overlaybd's mode selection: the acceleration layer's {@code <dir>/trace} when non-empty; else
     * {@code recordTracePath} when the file exists (empty = record, a trace magic = replay, other = file list);
     * otherwise nothing. Recording starts here (the lock file is created). A trace file that cannot be read or a
     * recording that cannot start leaves the device without prefetch, as in overlaybd.
     */
    static DevicePrefetch select(ResolvedImage image, PrefetchConfig config) {
        Path trace = null;
        if (image.accelerationLayer().isPresent()) {
            LayerConfig acc = image.accelerationLayer().get();
            Path t = Path.of(acc.dir(), "trace");
            if (!acc.dir().isEmpty() && size(t) > 0) {
                trace = t;
            }
        } else if (!image.config().recordTracePath().isEmpty()) {
            Path t = Path.of(image.config().recordTracePath());
            trace = Files.exists(t) ? t : null;
        }
        if (trace == null) {
            return disabled();
        }
        if (!config.enable()) {
            LOG.info("device {}: prefetchConfig.enable is false: {} is ignored", image.devId(), trace);
            return disabled();
        }
        try {
            if (Files.size(trace) == 0) {
                DevicePrefetch p = new DevicePrefetch(Mode.RECORD, trace, config);
                p.recording = TraceRecording.start(trace, config.recordSeconds());
                return p;
            }
            return new DevicePrefetch(TraceFile.isTrace(trace) ? Mode.REPLAY_TRACE : Mode.REPLAY_FILELIST, trace,
                    config);
        } catch (IOException e) {
            // overlaybd opens the device without prefetch when its prefetcher cannot start
            LOG.error("device {}: Prefetch: cannot use {}: {}", image.devId(), trace, e.toString());
            return disabled();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    public Mode mode() {
        return mode;
    }

    /** The trace or list file, or null when disabled. */
    public Path file() {
        return file;
    }

    /** True in record mode: overlaybd turns the background download off while recording. */
    boolean recording() {
        return mode == Mode.RECORD;
    }

    /** Records dumped so far (-1 while still recording or when not recording). */
    public int recordedRecords() {
        return recording == null ? -1 : recording.dumpedRecords();
    }

    /** The replay's progress, or null before it starts or when the mode does not replay. */
    public PrefetchProgress progress() {
        TraceReplayer r = replayer;
        return r == null ? null : r.progress();
    }

    /**
     * Lower {@code index}'s unwrapped LSMT bytes as the device should read them: recorded in record mode, and kept
     * as a replay target in trace-replay mode.
     */
    BlockSource layer(int index, BlockSource unwrapped) {
        if (mode == Mode.RECORD) {
            return new RecordingSource(unwrapped, index, recording.recorder());
        }
        if (mode == Mode.REPLAY_TRACE) {
            layers.put(index, PrefetchTarget.of(unwrapped));
        }
        return unwrapped;
    }

    /** Starts the replay once the device is open; {@code lowers} is null for an image without lowers. */
    void start(String devId, LayerStack lowers, Obd4jMetrics metrics) {
        if (lowers == null || (mode != Mode.REPLAY_TRACE && mode != Mode.REPLAY_FILELIST)) {
            return;
        }
        String kind = mode == Mode.REPLAY_TRACE ? "trace" : "filelist";
        TraceReplayer.Listener meter = bytes -> {
            metrics.prefetchRanges().labels(kind).inc();
            metrics.prefetchBytes().labels(kind).add(bytes);
        };
        PrefetchProgress progress = new PrefetchProgress(kind);
        if (mode == Mode.REPLAY_TRACE) {
            replayer = TraceReplayer.start(devId, progress, () -> TraceFile.read(file), layers,
                    config.concurrency(), meter);
        } else {
            replayer = TraceReplayer.start(devId, progress,
                    () -> FileList.read(file).plan(Ext4Filesystem.open(lowers, "image of device " + devId)),
                    Map.of(0, PrefetchTarget.of(lowers)), config.concurrency(), meter);
        }
    }

    /** Stops a replay (after reads in flight) or ends a recording and dumps its trace. */
    @Override
    public void close() {
        TraceReplayer r = replayer;
        if (r != null) {
            r.close();
        }
        if (recording != null) {
            recording.close();
        }
    }
}
