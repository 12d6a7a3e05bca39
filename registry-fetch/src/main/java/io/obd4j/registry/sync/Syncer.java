package io.obd4j.registry.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sync: every rule is expanded and every image synced once with {@code proc} images and {@code proc} blob
 * copies at a time; the tasks that failed run again, up to {@code retries} more rounds (image-syncer's model: a
 * round ends before its failures are retried, so a flapping registry gets time to recover). Memory stays bounded:
 * manifests (≤ 4 MiB each) for {@code proc} images and a few stream buffers per blob copy.
 */
public final class Syncer {
    private static final Logger LOG = LoggerFactory.getLogger(Syncer.class);

    private final SyncOptions options;
    private final SyncStats stats = new SyncStats();

    public Syncer(SyncOptions options) {
        this.options = options;
    }

    /** Live counters (safe to read from another thread while {@link #run} works). */
    public SyncStats stats() {
        return stats;
    }

    /** Syncs everything {@code rules} names; returns the stats, whose {@code failures()} are the run's failures. */
    public SyncStats run(SyncRules rules) {
        ExecutorService images = Executors.newFixedThreadPool(options.proc(), threads("obd4j-sync-image-"));
        ExecutorService blobs = Executors.newFixedThreadPool(options.proc(), threads("obd4j-sync-blob-"));
        try (ClientPool clients = new ClientPool(rules.auth(), options)) {
            SyncContext ctx = new SyncContext(clients, new BlobCopies(blobs, options, stats), options, stats);
            List<SyncTask> pending = new ArrayList<>();
            rules.rules().forEach(r -> pending.add(new RuleExpansion(r, ctx)));
            for (int round = 0; round <= options.retries() && !pending.isEmpty(); round++) {
                if (round > 0) {
                    LOG.warn("retry round {} of {}: {} failed tasks", round, options.retries(), pending.size());
                }
                List<Failed> failed = runRound(pending, images);
                pending.clear();
                failed.forEach(f -> pending.add(f.task));
                stats.replaceFailures(failed.stream().map(f -> new SyncStats.SyncFailure(f.task.describe(),
                        f.error)).toList());
            }
        } finally {
            images.shutdownNow();
            blobs.shutdownNow();
        }
        return stats;
    }

    private record Failed(SyncTask task, String error) {
    }

    /** Runs {@code tasks} and the tasks they produce; returns those that failed. */
    private static List<Failed> runRound(List<SyncTask> tasks, ExecutorService pool) {
        List<Failed> failed = Collections.synchronizedList(new ArrayList<>());
        Phaser done = new Phaser(1);
        for (SyncTask t : tasks) {
            submit(t, pool, done, failed);
        }
        done.arriveAndAwaitAdvance();
        return new ArrayList<>(failed);
    }

    private static void submit(SyncTask task, ExecutorService pool, Phaser done, List<Failed> failed) {
        done.register();
        pool.execute(() -> {
            try {
                for (SyncTask next : task.run()) {
                    submit(next, pool, done, failed);
                }
            } catch (Exception e) {
                String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                LOG.warn("{} failed: {}", task.describe(), msg);
                failed.add(new Failed(task, msg));
            } finally {
                done.arriveAndDeregister();
            }
        });
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
