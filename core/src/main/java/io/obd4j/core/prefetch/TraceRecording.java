package io.obd4j.core.prefetch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Record mode of one device (overlaybd {@code PrefetcherImpl}, mode Record): creates {@code <trace>.lock}, records
 * until the lock file disappears (checked every second), {@code maxSeconds} pass (obd4j extension, 0 = never) or
 * the device closes, then dumps the trace into the (empty) trace file, removes the lock file and creates
 * {@code <trace>.ok}.
 */
public final class TraceRecording implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(TraceRecording.class);
    /** 1 Mi records = a 24 MiB trace; overlaybd keeps every read. */
    public static final int MAX_RECORDS = 1 << 20;

    private final Path trace;
    private final Path lock;
    private final Path ok;
    private final TraceRecorder recorder = new TraceRecorder(MAX_RECORDS);
    private final long stopAtNanos;
    private final Thread watcher;
    private volatile int dumped = -1;

    private TraceRecording(Path trace, int maxSeconds) {
        this.trace = trace;
        this.lock = Path.of(trace + ".lock");
        this.ok = Path.of(trace + ".ok");
        this.stopAtNanos = maxSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds) : Long.MAX_VALUE;
        this.watcher = new Thread(this::watch, "trace-record " + trace.getFileName());
        this.watcher.setDaemon(true);
    }

    /** Starts recording into the empty file {@code trace}. */
    public static TraceRecording start(Path trace, int maxSeconds) throws IOException {
        TraceRecording r = new TraceRecording(trace, maxSeconds);
        try {
            Files.createFile(r.lock);
        } catch (FileAlreadyExistsException e) {
            LOG.warn("Prefetch: lock file {} exists already; remove it to stop recording", r.lock);
        }
        LOG.info("Prefetch: run with mode Record, trace file is {}", trace);
        r.watcher.start();
        return r;
    }

    /** Where reads are appended while recording. */
    public TraceRecorder recorder() {
        return recorder;
    }

    public Path trace() {
        return trace;
    }

    /** Records written by the dump, or -1 while recording. */
    public int dumpedRecords() {
        return dumped;
    }

    private void watch() {
        while (!recorder.isStopped()) {
            try {
                Thread.sleep(Math.max(1, Math.min(1000, (stopAtNanos - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                return;
            }
            if (!Files.exists(lock) || System.nanoTime() >= stopAtNanos) {
                dump();
                return;
            }
        }
    }

    /** Stops recording and writes the trace once; later calls do nothing. */
    synchronized void dump() {
        if (dumped >= 0) {
            return;
        }
        List<TraceRecord> records = recorder.stop();
        try {
            TraceFile.write(trace, records);
            Files.deleteIfExists(lock);
            Files.deleteIfExists(ok);
            Files.createFile(ok);
            dumped = records.size();
            LOG.info("Prefetch: Record {} records{}", records.size(),
                    recorder.dropped() > 0 ? " (" + recorder.dropped() + " more reads dropped: trace full)" : "");
        } catch (IOException e) {
            dumped = 0;
            LOG.error("Prefetch: dump of {} failed: {}", trace, e.toString());
            truncate();
        }
    }

    /** As overlaybd after a failed write: an empty trace file, so the next open records again. */
    private void truncate() {
        try (FileChannel ch = FileChannel.open(trace, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        } catch (IOException e) {
            LOG.warn("Prefetch: cannot truncate {} after the failed dump: {}", trace, e.toString());
        }
    }

    /** Ends recording (the device closes) and dumps the trace if the watcher has not yet. */
    @Override
    public void close() {
        dump();
        watcher.interrupt();
    }
}
