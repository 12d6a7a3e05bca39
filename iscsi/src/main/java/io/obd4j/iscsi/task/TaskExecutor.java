package io.obd4j.iscsi.task;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpmcArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded worker pool SCSI commands run on (they block on device I/O). Work goes into a JCTools MPMC array
 * queue; a full queue refuses work instead of growing (the task then completes with TASK SET FULL and the
 * initiator retries). Workers are duty-cycle loops that are either running a command, searching the queue, or
 * parked. {@link #submit} wakes a parked worker only when more commands are queued than workers are searching: a
 * worker that finishes a command looks at the queue before it parks, so while workers cycle, commands reach them
 * without thread wake-ups. A worker that takes a command applies the same rule, so parallelism follows the backlog
 * (commands blocked on a slow disk do not hold up the queue). A waker counts the woken worker as searching at once,
 * so one queued command wakes one worker, not one per submit that happens before the worker runs.
 *
 * <p>After the queue runs dry, at most one worker may also spin briefly ({@link #SPIN_NANOS}, off by default).
 * Parking is bounded (a safety net: submit and park re-check each other, so no wake-up should be missed).
 */
public final class TaskExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskExecutor.class);
    /**
     * How long the spinning worker polls before it parks too (system property obd4j.iscsi.workerSpinMicros). Default
     * 0: on the 2-core benchmark machine spinning took CPU from the event loop and the initiator and lost both at
     * QD1 and QD32 (docs/benchmarks.md, iSCSI second pass); machines with idle cores may gain from 20-50.
     */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong("obd4j.iscsi.workerSpinMicros",
        0));
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final MpmcArrayQueue<Runnable> queue;
    private final Worker[] workers;
    private final AtomicInteger spinning = new AtomicInteger();
    /** Workers awake and not running a command (about to poll the queue), woken ones included. */
    private final AtomicInteger searching = new AtomicInteger();
    private final AtomicInteger parked = new AtomicInteger();
    private volatile boolean running = true;

    private TaskExecutor() {
        this.queue = null;
        this.workers = new Worker[0];
    }

    /**
     * Runs each command on the calling thread. Only for single-threaded test transports (Netty's EmbeddedChannel,
     * whose event loop cannot take tasks from other threads); a real portal always uses the pool.
     */
    public static TaskExecutor inline() {
        return new TaskExecutor();
    }

    public TaskExecutor(int threads, int queueCapacity) {
        this.queue = new MpmcArrayQueue<>(Math.max(2, queueCapacity));
        this.workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker("iscsi-scsi-" + (i + 1));
        }
        for (Worker w : workers) {
            w.thread.start();
        }
    }

    /** Queues {@code work}; false when the queue is full or the pool is shut down. */
    public boolean submit(Runnable work) {
        if (queue == null) {
            work.run();
            return true;
        }
        if (!running || !queue.offer(work)) {
            return false;
        }
        if (searching.get() < queue.size()) {
            wakeOne();
        }
        return true;
    }

    /** Unparks one parked worker, counted as searching from now on; none if all are awake. */
    private void wakeOne() {
        if (parked.get() == 0) {
            return;
        }
        for (Worker w : workers) {
            if (w.parked.compareAndSet(true, false)) {
                searching.incrementAndGet();
                LockSupport.unpark(w.thread);
                return;
            }
        }
    }

    /** Stops taking work, lets the workers finish what is queued, and waits up to {@code millis} for them. */
    public boolean shutdown(long millis) throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
            long left = deadline - System.nanoTime();
            if (left > 0) {
                w.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        for (Worker w : workers) {
            if (w.thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Stops at once: queued work is dropped, running commands are interrupted. */
    @Override
    public void close() {
        running = false;
        if (queue != null) {
            queue.clear();
        }
        for (Worker w : workers) {
            w.thread.interrupt();
        }
    }

    /** One worker thread: take, run, and when idle spin (one worker at most) or park. */
    private final class Worker implements Runnable {
        final Thread thread;
        final AtomicBoolean parked = new AtomicBoolean();

        Worker(String name) {
            this.thread = new Thread(this, name);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            searching.incrementAndGet();
            while (true) {
                Runnable work = queue.poll();
                if (work == null && running) {
                    work = spinFor();
                }
                if (work != null) {
                    if (searching.decrementAndGet() < queue.size()) {
                        wakeOne();
                    }
                    runSafely(work);
                    searching.incrementAndGet();
                    continue;
                }
                if (!running) {
                    searching.decrementAndGet();
                    return;
                }
                park();
            }
        }

        /** Spins for new work if no other worker does; null when none came (or another worker spins). */
        private Runnable spinFor() {
            if (!spinning.compareAndSet(0, 1)) {
                return null;
            }
            try {
                long deadline = System.nanoTime() + SPIN_NANOS;
                do {
                    for (int i = 0; i < 32; i++) {
                        Runnable work = queue.poll();
                        if (work != null) {
                            return work;
                        }
                        Thread.onSpinWait();
                    }
                } while (System.nanoTime() - deadline < 0);
                return null;
            } finally {
                spinning.set(0);
            }
        }

        private void park() {
            parked.set(true);
            TaskExecutor.this.parked.incrementAndGet();
            searching.decrementAndGet();
            // re-check after announcing: a submit that saw a searching worker left its work in the queue
            if (queue.isEmpty() && running) {
                LockSupport.parkNanos(TaskExecutor.this, PARK_NANOS);
            }
            TaskExecutor.this.parked.decrementAndGet();
            if (parked.compareAndSet(true, false)) {
                // not taken by a waker (timeout, work seen, shutdown): count ourselves as searching again
                searching.incrementAndGet();
            }
        }

        private void runSafely(Runnable work) {
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                LOG.error("SCSI worker: unexpected failure", e);
            }
        }
    }
}
