package io.obd4j.registry.download;

import io.obd4j.core.audit.AuditLog;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's background-download thread (spec §7): waits {@code delay + random(delayExtra)}, then downloads its
 * layers one after the other, 200 ms apart. A layer whose digest does not match is deleted and queued again until
 * {@code tryCnt} attempts are used up; a layer another device is downloading (same {@code dir}) is queued again.
 * {@link #close} stops it promptly; an interrupted download resumes from its progress file next time.
 */
public final class BackgroundDownloader implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundDownloader.class);
    private static final Set<Path> BUSY_DIRS = ConcurrentHashMap.newKeySet();
    private static final long GAP_MILLIS = 200;

    private final ArrayDeque<LayerDownload> queue = new ArrayDeque<>();
    private final DownloadOptions opts;
    private final AuditLog audit;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private final RateLimiter limiter;
    private final List<DownloadProgress> progress;

    public BackgroundDownloader(List<LayerDownload> layers, DownloadOptions opts, AuditLog audit, String device) {
        this.opts = opts;
        this.audit = audit;
        List<DownloadProgress> p = new java.util.ArrayList<>();
        for (LayerDownload l : layers) {
            l.triesLeft = opts.tryCnt;
            queue.add(l);
            p.add(l.progress());
        }
        this.progress = List.copyOf(p);
        this.limiter = opts.maxMBps > 0 ? RateLimiter.of(opts.maxMBps * 1048576L, burst(opts)) : null;
        this.thread = new Thread(this::run, "obd4j-bk-download-" + device);
        thread.setDaemon(true);
    }

    /**
     * The limiter's bucket: a tenth of a second of the rate (photon's throttle averages over 1 s), at least one
     * chunk. It absorbs scheduling delays and short network dips, so the long-run rate stays at the limit.
     */
    static long burst(DownloadOptions opts) {
        return Math.max(opts.blockSize, opts.maxMBps * 1048576L / 10);
    }

    /** Starts the thread (it first sleeps the configured delay). */
    public BackgroundDownloader start() {
        thread.start();
        return this;
    }

    private final LayerDownload.Control control = new LayerDownload.Control() {
        @Override
        public boolean stopped() {
            return BackgroundDownloader.this.stopped();
        }

        @Override
        public boolean pause(long millis) {
            return BackgroundDownloader.this.pause(millis);
        }
    };

    private boolean stopped() {
        return stop.getCount() == 0;
    }

    /** Waits {@code millis} unless stopped first; true when stopped. */
    private boolean pause(long millis) {
        try {
            return stop.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void run() {
        long extra = opts.delayExtra.toMillis();
        long wait = opts.delay.toMillis() + (extra > 0 ? ThreadLocalRandom.current().nextLong(extra) : 0);
        LOG.info("background download of {} layers starts in {} ms", queue.size(), wait);
        if (pause(wait)) {
            return;
        }
        while (!queue.isEmpty() && !stopped()) {
            LayerDownload l = queue.poll();
            if (!BUSY_DIRS.add(l.dir)) {
                queue.add(l);
            } else {
                try {
                    process(l);
                } finally {
                    BUSY_DIRS.remove(l.dir);
                }
            }
            if (!queue.isEmpty() && pause(GAP_MILLIS)) {
                return;
            }
        }
    }

    private void process(LayerDownload l) {
        try {
            if (l.switchIfCommitted()) {
                return;
            }
            l.triesLeft--;
            if (l.attempt(opts, limiter, audit, control)) {
                return;
            }
        } catch (InterruptedException e) {
            LOG.info("background download {} stopped at {} bytes; it resumes next time", l.dir,
                    l.progress.bytesDone());
            return;
        } catch (Exception e) {
            if (stopped()) {
                LOG.info("background download {} stopped at {} bytes ({}); it resumes next time", l.dir,
                        l.progress.bytesDone(), e.toString());
                return;
            }
            LOG.warn("background download {} failed: {}", l.dir, e.toString());
            l.progress.failed(e.toString());
        }
        if (l.triesLeft > 0 && !stopped()) {
            l.progress.state(DownloadProgress.State.RETRY_PENDING);
            queue.add(l);
        } else {
            l.progress.state(DownloadProgress.State.FAILED);
            LOG.warn("background download {} gave up after {} attempts: {}", l.dir, l.progress.attempts(),
                    l.progress.lastError());
        }
    }

    /** Progress of every layer, in the order given (for metrics and the status API). */
    public List<DownloadProgress> progress() {
        return progress;
    }

    /** True while the thread runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Waits for the thread to finish all layers (tests, shutdown). */
    public boolean await(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    /** Stops the thread: at once when it waits, after interrupting a blocked read or write otherwise. */
    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(1000);
            if (thread.isAlive()) {
                thread.interrupt();
            }
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
