package io.obd4j.iscsi.task;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded worker pool SCSI commands run on (they block on device I/O). A full queue refuses work instead of
 * growing: the task then completes with TASK SET FULL and the initiator retries later.
 */
public final class TaskExecutor implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final Semaphore slots;

    private TaskExecutor() {
        this.pool = null;
        this.slots = null;
    }

    /**
     * Runs each command on the calling thread. Only for single-threaded test transports (Netty's EmbeddedChannel,
     * whose event loop cannot take tasks from other threads); a real portal always uses the pool.
     */
    public static TaskExecutor inline() {
        return new TaskExecutor();
    }

    public TaskExecutor(int threads, int queueCapacity) {
        AtomicInteger n = new AtomicInteger();
        this.slots = new Semaphore(queueCapacity);
        // LinkedTransferQueue: an idle worker spins briefly before parking, which saves a thread wake-up per
        // command at low queue depth; the bound is the semaphore.
        Semaphore queued = slots;
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
            new LinkedTransferQueue<>(), r -> {
                Thread t = new Thread(r, "iscsi-scsi-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.AbortPolicy()) {
                @Override
                protected void beforeExecute(Thread t, Runnable r) {
                    // the queue slot frees as a worker takes the work (no wrapper closure per command)
                    queued.release();
                }
            };
    }

    /** Queues {@code work}; false when the pool is saturated or shut down. */
    public boolean submit(Runnable work) {
        if (pool == null) {
            work.run();
            return true;
        }
        if (!slots.tryAcquire()) {
            return false;
        }
        try {
            pool.execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            slots.release();
            return false;
        }
    }

    /** Stops taking work and waits up to {@code millis} for running commands to finish. */
    public boolean shutdown(long millis) throws InterruptedException {
        if (pool == null) {
            return true;
        }
        pool.shutdown();
        return pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
