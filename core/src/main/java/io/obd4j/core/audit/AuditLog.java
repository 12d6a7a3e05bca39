package io.obd4j.core.audit;

import java.io.Closeable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * overlaybd's audit log. {@link #record} formats nothing and only enqueues a small record; a writer thread formats
 * and appends the lines, rotates the file at 10 MiB (3 generations, as photon's {@code log_file_rotate}) and reopens
 * it after an external logrotate. When the queue is full the record is dropped and counted: auditing never stalls
 * a read.
 */
public final class AuditLog implements Closeable {
    /** Photon's audit file size limit before rotation. */
    public static final long ROTATE_BYTES = 10L * 1024 * 1024;
    /** Photon keeps the live file plus {@code .1} and {@code .2}. */
    public static final int MAX_FILES = 3;
    /** overlaybd's {@code auditPath} default. */
    public static final String DEFAULT_PATH = "/var/log/overlaybd-audit.log";

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final String[] PATH_OFFSET_SIZE_LATENCY = {"pathname", "offset", "size", "latency"};
    private static final AuditLog DISABLED = new AuditLog();

    private final MpscArrayQueue<AuditRecord> queue;
    private final AuditFileWriter writer;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean reopenRequested;
    private volatile boolean closed;

    private AuditLog() {
        queue = null;
        writer = null;
        thread = null;
    }

    private AuditLog(Path path, int queueCapacity, long rotateBytes) {
        this.queue = new MpscArrayQueue<>(queueCapacity);
        this.writer = new AuditFileWriter(path, rotateBytes, MAX_FILES);
        this.thread = new Thread(this::run, "obd4j-audit");
        thread.setDaemon(true);
        thread.start();
    }

    /** An audit log that records nothing. */
    public static AuditLog disabled() {
        return DISABLED;
    }

    /** As overlaybd's {@code enableAudit}/{@code auditPath}: off when disabled or when the path is empty. */
    public static AuditLog fromConfig(boolean enableAudit, String auditPath) {
        if (!enableAudit) {
            return DISABLED;
        }
        if (auditPath == null || auditPath.isEmpty()) {
            LOG.warn("auditPath is empty: audit log disabled");
            return DISABLED;
        }
        return open(Path.of(auditPath), 65536, ROTATE_BYTES);
    }

    /** Opens (appending) an audit log at {@code path}. */
    public static AuditLog open(Path path, int queueCapacity, long rotateBytes) {
        return new AuditLog(path, queueCapacity, rotateBytes);
    }

    public boolean isEnabled() {
        return queue != null;
    }

    /** {@code event[pathname=..][offset=..][size=..][latency=..]}, the shape of download/bk_download/file:*. */
    public void record(String event, String pathname, long offset, long size, long latencyMicros) {
        if (queue != null) {
            enqueue(new AuditRecord(nowMicros(), Thread.currentThread().getId(), event, PATH_OFFSET_SIZE_LATENCY,
                    new Object[] {pathname, offset, size, latencyMicros}));
        }
    }

    /** Any event with its fields in print order (e.g. {@code eviction[actualEvict=..]...}). */
    public void record(String event, String[] names, Object[] values) {
        if (names.length != values.length) {
            throw new IllegalArgumentException("audit " + event + ": " + names.length + " names but "
                    + values.length + " values");
        }
        if (queue != null) {
            enqueue(new AuditRecord(nowMicros(), Thread.currentThread().getId(), event, names, values));
        }
    }

    private void enqueue(AuditRecord r) {
        if (closed || !queue.offer(r)) {
            dropped.incrementAndGet();
        } else if (queue.size() > queue.capacity() / 2) {
            java.util.concurrent.locks.LockSupport.unpark(thread);
        }
    }

    /** Records dropped because the queue was full (or the log closed). */
    public long dropped() {
        return dropped.get();
    }

    /** Lines written so far. */
    public long written() {
        return written.get();
    }

    /** Reopens the file on the writer thread (call after an external logrotate moved it away). */
    public void reopen() {
        reopenRequested = true;
        if (thread != null) {
            java.util.concurrent.locks.LockSupport.unpark(thread);
        }
    }

    /** Waits (up to {@code timeoutMillis}) until every record queued before the call is on disk. */
    public boolean flush(long timeoutMillis) throws InterruptedException {
        if (queue == null) {
            return true;
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!queue.isEmpty() || writer.busy()) {
            java.util.concurrent.locks.LockSupport.unpark(thread);
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    private void run() {
        StringBuilder sb = new StringBuilder(512);
        int offset = AuditLineFormat.standardOffsetSeconds();
        long offsetCheckedAt = System.nanoTime();
        while (!closed || !queue.isEmpty()) {
            if (System.nanoTime() - offsetCheckedAt > 60_000_000_000L) {
                offset = AuditLineFormat.standardOffsetSeconds();
                offsetCheckedAt = System.nanoTime();
            }
            if (reopenRequested) {
                reopenRequested = false;
                writer.reopen();
            }
            AuditRecord r = queue.poll();
            if (r == null) {
                writer.flushBatch();
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
                continue;
            }
            writer.beginBatch();
            do {
                sb.setLength(0);
                AuditLineFormat.append(sb, r.epochMicros, offset, r.threadId, r.event, r.names, r.values);
                writer.append(sb);
                written.incrementAndGet();
                r = queue.poll();
            } while (r != null);
            writer.flushBatch();
        }
        writer.close();
    }

    private static long nowMicros() {
        return AuditLineFormat.epochMicros(Instant.now());
    }

    @Override
    public void close() {
        if (thread == null || closed) {
            return;
        }
        closed = true;
        java.util.concurrent.locks.LockSupport.unpark(thread);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One queued line, formatted by the writer thread. */
    private static final class AuditRecord {
        final long epochMicros;
        final long threadId;
        final String event;
        final String[] names;
        final Object[] values;

        AuditRecord(long epochMicros, long threadId, String event, String[] names, Object[] values) {
            this.epochMicros = epochMicros;
            this.threadId = threadId;
            this.event = event;
            this.names = names;
            this.values = values;
        }
    }
}
