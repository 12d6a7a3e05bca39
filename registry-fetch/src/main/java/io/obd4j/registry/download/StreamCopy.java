package io.obd4j.registry.download;

import io.obd4j.core.audit.AuditLog;
import io.obd4j.registry.RetryPolicy;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copy loop of one download attempt: chunks of {@code blockSize} bytes (one {@code bk_download} audit line each)
 * taken from the stream after the rate limiter allows them, hashed, written at their offset. A stream that breaks is
 * reopened where the good bytes end, after a backoff; a break that brought no bytes uses up one of the layer's
 * tries, so a dead registry ends the attempt and a flaky one only slows it.
 */
final class StreamCopy {
    /** Bytes between progress syncs: a restart re-downloads at most this much. */
    static final long SYNC_EVERY = 32L << 20;
    private static final int MAX_CHUNK = 4 << 20;
    /** Chunks in flight between the copy loop and the hashing thread. */
    private static final int BUFFERS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(StreamCopy.class);
    private static final RetryPolicy BACKOFF = RetryPolicy.defaults();

    private final LayerDownload layer;
    private final FileChannel out;
    private final MessageDigest md;
    private final ProgressSyncer syncer;
    private final DownloadOptions opts;
    private final RateLimiter limiter;
    private final AuditLog audit;
    private final LayerDownload.Control ctl;
    private final ArrayBlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
    private final ExecutorService hasher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "obd4j-bk-download-sha256");
        t.setDaemon(true);
        return t;
    });
    private long done;

    StreamCopy(LayerDownload layer, FileChannel out, MessageDigest md, ProgressSyncer syncer, DownloadOptions opts,
            RateLimiter limiter, AuditLog audit, LayerDownload.Control ctl) {
        this.layer = layer;
        this.out = out;
        this.md = md;
        this.syncer = syncer;
        this.opts = opts;
        this.limiter = limiter;
        this.audit = audit;
        this.ctl = ctl;
        int chunk = Math.min(opts.blockSize, MAX_CHUNK);
        for (int i = 0; i < BUFFERS; i++) {
            free.add(ByteBuffer.allocateDirect(chunk));
        }
    }

    /**
     * Copies {@code [start, size)}; returns when all of it is written (not yet synced) and hashed. The sha256 runs
     * on its own thread, a few chunks behind the stream, so hashing and receiving overlap.
     */
    void run(long start) throws IOException, InterruptedException {
        long size = layer.size;
        long quarter = Math.max(1, size / 4);
        done = start;
        long lastSync = start;
        int breaks = 0;
        long openedAt = start;
        ReadableByteChannel in = null;
        try {
            while (done < size) {
                if (ctl.stopped()) {
                    throw new InterruptedException("background download stopped");
                }
                ByteBuffer buf = free.take();
                int n = (int) Math.min(buf.capacity(), size - done);
                if (limiter != null) {
                    limiter.acquire(n);
                }
                long t0 = System.nanoTime();
                buf.clear().limit(n);
                IOException broke = null;
                try {
                    if (in == null) {
                        openedAt = done;
                        in = layer.open(done, opts);
                    }
                    fill(in, buf, done);
                } catch (IOException e) {
                    broke = e;
                }
                buf.flip();
                int got = buf.remaining();
                if (got > 0) {
                    write(buf.duplicate(), done);
                    hasher.execute(() -> {
                        md.update(buf);
                        free.add(buf);
                    });
                    audit.record("bk_download", layer.source.name(), done, got, (System.nanoTime() - t0) / 1000);
                    if (done / quarter != (done + got) / quarter) {
                        LOG.info("background download {}: {} of {} bytes", layer.dir, done + got, size);
                    }
                    done += got;
                    layer.progress.bytesDone(done);
                    if (done - lastSync >= SYNC_EVERY) {
                        syncer.offer(done);
                        lastSync = done;
                    }
                } else {
                    free.add(buf);
                }
                if (broke != null) {
                    closeQuietly(in);
                    in = null;
                    boolean progressed = done > openedAt;
                    breaks = resumeAfter(broke, progressed ? 1 : breaks + 1, progressed, done);
                }
            }
            for (int i = 0; i < BUFFERS; i++) {
                free.take();
            }
        } finally {
            hasher.shutdownNow();
            closeQuietly(in);
        }
    }

    /** The end of the bytes written so far (all of them before it are written, in order). */
    long done() {
        return done;
    }

    /** Decides whether a broken stream is reopened; returns the count of breaks in a row. */
    private int resumeAfter(IOException e, int breaks, boolean progressed, long offset)
            throws IOException, InterruptedException {
        if (ctl.stopped()) {
            throw new InterruptedException("background download stopped");
        }
        if (!progressed) {
            if (--layer.triesLeft <= 0) {
                throw e;
            }
            layer.progress.attemptStarted();
        }
        layer.progress.failed(e.toString());
        long pause = BACKOFF.delayNanos(breaks, -1) / 1_000_000;
        LOG.info("background download {}: stream broke at offset {} ({}); resuming there in {} ms", layer.dir,
                offset, e.toString(), pause);
        if (ctl.pause(pause)) {
            throw new InterruptedException("background download stopped");
        }
        return breaks;
    }

    private static void fill(ReadableByteChannel in, ByteBuffer b, long offset) throws IOException {
        while (b.hasRemaining()) {
            if (in.read(b) < 0) {
                throw new EOFException("blob stream ended at offset " + (offset + b.position()));
            }
        }
    }

    private void write(ByteBuffer b, long offset) throws IOException {
        long pos = offset;
        while (b.hasRemaining()) {
            pos += out.write(b, pos);
        }
    }

    private static void closeQuietly(ReadableByteChannel in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("closing a blob stream failed: {}", e.toString());
            }
        }
    }
}
