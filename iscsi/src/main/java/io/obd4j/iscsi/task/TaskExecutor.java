package io.obd4j.iscsi.task;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded worker pool SCSI commands run on (they block on device I/O). A full queue refuses work instead of
 * growing: the task then completes with TASK SET FULL and the initiator retries later.
 */
public final class TaskExecutor implements AutoCloseable {
    private final ThreadPoolExecutor pool;

    private TaskExecutor() {
        this.pool = null;
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
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queueCapacity), r -> {
                Thread t = new Thread(r, "iscsi-scsi-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues {@code work}; false when the pool is saturated or shut down. */
    public boolean submit(Runnable work) {
        if (pool == null) {
            work.run();
            return true;
        }
        try {
            pool.execute(work);
            return true;
        } catch (RejectedExecutionException e) {
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
