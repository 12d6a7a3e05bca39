package io.obd4j.registry.download;

import io.obd4j.core.audit.AuditLog;
import io.obd4j.registry.RetryPolicy;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copy loop of one download attempt, a three-stage pipeline over a few reused direct buffers: this thread
 * receives blocks of {@code blockSize} bytes (aligned to the blob's block grid; one {@code bk_download} audit line
 * each) after the rate limiter allows them, about 1 MiB of whole blocks per buffer; a writer thread writes the
 * buffers in order, several per write when they queue up ({@link LayerFileWriter}), a hashing
 * thread feeds them to the sha256, and a buffer is reused once both are done with it. A stream that breaks is reopened
 * where the received bytes end, after a backoff, and the block being received continues where it stopped; a break
 * that brought no bytes uses up one of the layer's tries, so a dead registry ends the attempt and a flaky one only
 * slows it.
 */
final class StreamCopy {
    /** Bytes between progress syncs: a restart re-downloads at most this much. */
    static final long SYNC_EVERY = 32L << 20;
    private static final int MAX_CHUNK = 4 << 20;
    /** Bytes in flight between the receiving thread and the writer and hasher. */
    private static final int IN_FLIGHT = 8 << 20;
    /**
     * Bytes received before the writer and hasher get them (per-hand-off costs, thread wake-ups, become 4x rarer than
     * with one 256 KiB block each).
     */
    private static final int SLAB = 1 << 20;
    /** Most bytes the writer puts into one (gathering) write. */
    private static final int MAX_WRITE = 4 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(StreamCopy.class);
    private static final RetryPolicy BACKOFF = RetryPolicy.defaults();

    private final LayerDownload layer;
    private final LayerFileWriter out;
    private final MessageDigest md;
    private final ProgressSyncer syncer;
    private final DownloadOptions opts;
    private final RateLimiter limiter;
    private final AuditLog audit;
    private final LayerDownload.Control ctl;
    private final String sourceName;
    private final int chunk;
    /** Bytes handed to the writer and hasher at once: whole blocks, about {@link #SLAB} of them. */
    private final int slab;
    private final int buffers;
    private final ArrayBlockingQueue<Block> free;
    /** Blocks for the writer in file order, then {@link #END}. */
    private final ArrayBlockingQueue<Block> toWrite;
    private final Thread writer;
    private final ExecutorService hasher = worker("obd4j-bk-download-sha256");
    /** End of the bytes received (the next byte the stream delivers). */
    private long received;
    /** End of the bytes written, all of them before it in order (set by the writer thread). */
    private volatile long written;
    private volatile IOException writeFailure;
    private long lastSync;

    /** One reusable buffer, its offset in the blob, and the number of stages (writer, hasher) still using it. */
    private static final class Block {
        final ByteBuffer buf;
        final AtomicInteger users = new AtomicInteger();
        long offset;

        Block(ByteBuffer buf) {
            this.buf = buf;
        }
    }

    private static final Block END = new Block(null);

    StreamCopy(LayerDownload layer, LayerFileWriter out, MessageDigest md, ProgressSyncer syncer, DownloadOptions opts,
            RateLimiter limiter, AuditLog audit, LayerDownload.Control ctl) {
        this.layer = layer;
        this.out = out;
        this.md = md;
        this.syncer = syncer;
        this.opts = opts;
        this.limiter = limiter;
        this.audit = audit;
        this.ctl = ctl;
        this.sourceName = layer.source.name();
        this.chunk = Math.min(opts.blockSize, MAX_CHUNK);
        this.slab = Math.max(1, SLAB / chunk) * chunk;
        this.buffers = Math.max(4, Math.min(64, IN_FLIGHT / slab));
        this.free = new ArrayBlockingQueue<>(buffers);
        for (int i = 0; i < buffers; i++) {
            free.add(new Block(LayerFileWriter.allocateAligned(slab)));
        }
        this.toWrite = new ArrayBlockingQueue<>(buffers + 1);
        this.writer = new Thread(this::writeLoop, "obd4j-bk-download-write");
        writer.setDaemon(true);
    }

    private static ExecutorService worker(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Copies {@code [start, size)}; returns when all of it is written (not yet synced) and hashed; {@link #done}
     * then is the size. On an exception the bytes before {@link #done} are written.
     */
    void run(long start) throws IOException, InterruptedException {
        long size = layer.size;
        long quarter = Math.max(1, size / 4);
        received = start;
        written = start;
        lastSync = start;
        Stream stream = new Stream();
        writer.start();
        try {
            while (received < size) {
                if (writeFailure != null) {
                    throw writeFailure;
                }
                Block b = free.take();
                b.buf.clear();
                long end = Math.min(size, (received / slab + 1) * slab);
                for (long pos = received; pos < end;) {
                    if (ctl.stopped()) {
                        throw new InterruptedException("background download stopped");
                    }
                    int n = (int) Math.min(chunk - pos % chunk, end - pos);
                    if (limiter != null) {
                        limiter.acquire(n);
                    }
                    long t0 = System.nanoTime();
                    b.buf.limit(b.buf.position() + n);
                    stream.fill(b.buf, received);
                    audit.record("bk_download", sourceName, pos, n, (System.nanoTime() - t0) / 1000);
                    if (pos / quarter != (pos + n) / quarter) {
                        LOG.info("background download {}: {} of {} bytes", layer.dir, pos + n, size);
                    }
                    pos += n;
                    layer.progress.bytesDone(pos);
                }
                b.buf.flip();
                hand(b, received);
                received = end;
            }
            for (int i = 0; i < buffers; i++) {
                free.take();
            }
            if (writeFailure != null) {
                throw writeFailure;
            }
        } finally {
            stream.close();
            stopWriter();
            hasher.shutdownNow();
        }
    }

    /** Gives a received block to the writer and the hasher; the last of them to finish frees it. */
    private void hand(Block b, long offset) {
        b.users.set(2);
        b.offset = offset;
        toWrite.add(b);
        hasher.execute(() -> {
            try {
                md.update(b.buf.duplicate());
            } finally {
                release(b);
            }
        });
    }

    /**
     * The writer thread: takes the blocks in file order, as many as are waiting (up to {@link #MAX_WRITE} bytes) per
     * write, until {@link #END}. After a failure it only frees blocks; the failure ends the copy loop.
     */
    private void writeLoop() {
        int most = Math.max(1, MAX_WRITE / slab);
        Block[] batch = new Block[most];
        ByteBuffer[] bufs = new ByteBuffer[most];
        List<Block> waiting = new ArrayList<>(most);
        boolean end = false;
        while (!end) {
            int count = 0;
            try {
                batch[count++] = toWrite.take();
            } catch (InterruptedException e) {
                writeFailure = new InterruptedIOException("background download writer interrupted");
                return;
            }
            waiting.clear();
            toWrite.drainTo(waiting, most - 1);
            for (Block b : waiting) {
                batch[count++] = b;
            }
            if (batch[count - 1] == END) {
                end = true;
                count--;
            }
            writeBatch(batch, bufs, count);
        }
    }

    private void writeBatch(Block[] batch, ByteBuffer[] bufs, int count) {
        try {
            if (count > 0 && writeFailure == null) {
                long bytes = 0;
                for (int i = 0; i < count; i++) {
                    bufs[i] = batch[i].buf.duplicate();
                    bytes += bufs[i].remaining();
                }
                out.write(bufs, count, batch[0].offset);
                written = batch[0].offset + bytes;
                if (written - lastSync >= SYNC_EVERY) {
                    lastSync = written;
                    syncer.offer(written);
                }
            }
        } catch (IOException | RuntimeException e) {
            writeFailure = e instanceof IOException ? (IOException) e : new IOException(e.toString(), e);
        } finally {
            for (int i = 0; i < count; i++) {
                release(batch[i]);
                batch[i] = null;
                bufs[i] = null;
            }
        }
    }

    private void release(Block b) {
        if (b.users.decrementAndGet() == 0) {
            free.add(b);
        }
    }

    /** Lets the writer finish the blocks handed to it, so that {@link #done} covers all bytes written. */
    private void stopWriter() {
        if (!writer.isAlive()) {
            return;
        }
        toWrite.add(END);
        boolean interrupted = Thread.interrupted();
        while (writer.isAlive()) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(60));
                if (writer.isAlive()) {
                    LOG.warn("background download {}: the writer is still busy after 60 s", layer.dir);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The end of the bytes written so far (all of them before it are written, in order). */
    long done() {
        return written;
    }

    /** The blob stream of this attempt: opened lazily, reopened after a break where the received bytes end. */
    private final class Stream {
        private ReadableByteChannel in;
        private long openedAt;
        private int breaks;

        /** Fills {@code b} with the bytes at {@code offset}, reopening the stream as often as the tries allow. */
        void fill(ByteBuffer b, long offset) throws IOException, InterruptedException {
            while (b.hasRemaining()) {
                try {
                    if (in == null) {
                        openedAt = offset + b.position();
                        in = layer.open(openedAt, opts);
                    }
                    if (in.read(b) < 0) {
                        throw new EOFException("blob stream ended at offset " + (offset + b.position()));
                    }
                } catch (IOException e) {
                    close();
                    long at = offset + b.position();
                    boolean progressed = at > openedAt;
                    breaks = resumeAfter(e, progressed ? 1 : breaks + 1, progressed, at);
                }
            }
        }

        void close() {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    LOG.debug("closing a blob stream failed: {}", e.toString());
                }
                in = null;
            }
        }
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
}
