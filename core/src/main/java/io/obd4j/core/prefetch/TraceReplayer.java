package io.obd4j.core.prefetch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replays a trace alongside demand reads (overlaybd {@code do_replay}): a coordinator thread computes the plan (a
 * loaded trace, or the extents of a file list), splits records at 1 MiB and starts {@code concurrency} workers that
 * take the next record lock-free and read it from its target, discarding the bytes: the point is that the reads go
 * through the same caches as demand reads. {@link #close()} stops the workers after their current read; threads are
 * never interrupted (an interrupt would close the {@link java.nio.channels.FileChannel}s of shared caches).
 */
public final class TraceReplayer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(TraceReplayer.class);
    private static final long CLOSE_WAIT_SECONDS = 30;

    /** Told the size of every range read successfully (metrics). */
    @FunctionalInterface
    public interface Listener {
        void replayed(long bytes);
    }

    private final String name;
    private final Callable<List<TraceRecord>> planner;
    private final Map<Integer, PrefetchTarget> targets;
    private final int concurrency;
    private final Listener listener;
    private final PrefetchProgress progress;
    private final Thread coordinator;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean stopped;
    private volatile TraceRecord[] plan = new TraceRecord[0];

    private TraceReplayer(String name, PrefetchProgress progress, Callable<List<TraceRecord>> planner,
                          Map<Integer, PrefetchTarget> targets, int concurrency, Listener listener) {
        this.name = name;
        this.progress = progress;
        this.planner = planner;
        this.targets = Map.copyOf(targets);
        this.concurrency = concurrency;
        this.listener = listener;
        this.coordinator = new Thread(this::run, "prefetch " + name);
        this.coordinator.setDaemon(true);
    }

    /**
     * Starts replaying what {@code planner} returns (run on the replay thread) against {@code targets} by layer.
     *
     * @param progress where state and counters go; its mode names the kind of replay
     */
    public static TraceReplayer start(String name, PrefetchProgress progress, Callable<List<TraceRecord>> planner,
                                      Map<Integer, PrefetchTarget> targets, int concurrency, Listener listener) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("prefetch concurrency " + concurrency);
        }
        TraceReplayer r = new TraceReplayer(name, progress, planner, targets, concurrency, listener);
        r.coordinator.start();
        return r;
    }

    public PrefetchProgress progress() {
        return progress;
    }

    private void run() {
        List<TraceRecord> records;
        try {
            records = planner.call();
        } catch (Exception e) {
            LOG.error("Prefetch {}: no replay: {}", name, e.getMessage());
            progress.end(PrefetchProgress.State.FAILED, String.valueOf(e.getMessage()));
            return;
        }
        plan = split(records).toArray(new TraceRecord[0]);
        progress.running(plan.length);
        LOG.info("Prefetch {}: Replay {} records ({} ranges) from {} layers, concurrency {}", name, records.size(),
                plan.length, targets.size(), concurrency);
        List<Thread> workers = new ArrayList<>(concurrency);
        for (int i = 0; i < Math.min(concurrency, Math.max(1, plan.length)); i++) {
            Thread t = new Thread(this::work, "prefetch " + name + " #" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            joinUninterruptibly(t);
        }
        progress.end(stopped ? PrefetchProgress.State.CANCELLED : PrefetchProgress.State.DONE, "");
        LOG.info("Prefetch {}: Replay {}, time cost {} ms", name, progress, progress.elapsedMillis());
    }

    /** Records longer than {@link TraceFormat#MAX_IO_SIZE} become several reads (overlaybd would overflow). */
    static List<TraceRecord> split(List<TraceRecord> records) {
        List<TraceRecord> out = new ArrayList<>(records.size());
        for (TraceRecord r : records) {
            if (r.op() != TraceFormat.OP_READ || r.count() == 0) {
                continue;
            }
            for (long done = 0; done < r.count(); done += TraceFormat.MAX_IO_SIZE) {
                out.add(new TraceRecord(r.op(), r.layer(), Math.min(TraceFormat.MAX_IO_SIZE, r.count() - done),
                        r.offset() + done));
            }
        }
        return out;
    }

    private void work() {
        ByteBuffer buf = ByteBuffer.allocateDirect(TraceFormat.MAX_IO_SIZE);
        TraceRecord[] p = plan;
        for (int i = next.getAndIncrement(); i < p.length && !stopped; i = next.getAndIncrement()) {
            TraceRecord r = p[i];
            PrefetchTarget target = targets.get(r.layer());
            if (target == null) {
                progress.skipped.increment();
                continue;
            }
            buf.clear().limit((int) r.count());
            try {
                long pos = r.offset();
                while (buf.hasRemaining()) {
                    int n = target.read(buf, pos);
                    if (n <= 0) {
                        break;
                    }
                    pos += n;
                }
                if (buf.hasRemaining()) {
                    progress.failed.increment();
                    LOG.warn("Prefetch {}: replay pread of layer {} at {}: expected {} bytes, got {}", name,
                            r.layer(), r.offset(), r.count(), buf.position());
                    continue;
                }
                progress.rangesDone.increment();
                progress.bytesDone.add(r.count());
                listener.replayed(r.count());
            } catch (IOException | RuntimeException e) {
                progress.failed.increment();
                if (!stopped) {
                    LOG.warn("Prefetch {}: replay pread of layer {} at {} ({} bytes) failed: {}", name, r.layer(),
                            r.offset(), r.count(), e.toString());
                }
            }
        }
    }

    /** Stops handing out records and waits (up to 30 s) for reads in flight; the targets may be closed after. */
    @Override
    public void close() {
        cancel();
        try {
            coordinator.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (coordinator.isAlive()) {
            LOG.warn("Prefetch {}: replay reads still in flight after {} s; closing anyway", name,
                    CLOSE_WAIT_SECONDS);
        }
    }

    /** Stops handing out records; reads in flight finish. */
    void cancel() {
        stopped = true;
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
