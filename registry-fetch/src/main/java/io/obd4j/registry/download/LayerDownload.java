package io.obd4j.registry.download;

import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.registry.Digest;
import io.obd4j.registry.StreamableSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one layer: {@code <dir>/.download} written as one stream arrives (aligned blocks with {@code O_DIRECT}:
 * {@link LayerFileWriter}), hashed on the fly (sha256), resuming
 * at the offset recorded in {@code <dir>/.download.progress} (written only after the data before it was synced;
 * the kept prefix is hashed again), verified, renamed to {@code <dir>/overlaybd.commit}, then the layer's reads are
 * switched to it.
 */
public final class LayerDownload {
    public static final String COMMIT = "overlaybd.commit";
    public static final String TEMP = ".download";
    public static final String PROGRESS = ".download.progress";
    /** {@code -Dobd4j.download.directIo=false} writes the temp file through the page cache only. */
    static final boolean DIRECT_IO = Boolean.parseBoolean(System.getProperty("obd4j.download.directIo", "true"));
    private static final Logger LOG = LoggerFactory.getLogger(LayerDownload.class);

    final Path dir;
    final Digest digest;
    final long size;
    final BlockSource source;
    final SwitchableBlockSource target;
    final DownloadProgress progress;
    int triesLeft;
    boolean force;

    /**
     * @param source the blob straight from the registry (not through the cache, as overlaybd's {@code srcfs})
     * @param target the layer's switchable source, or null to only download
     */
    public LayerDownload(Path dir, Digest digest, long size, BlockSource source, SwitchableBlockSource target) {
        this.dir = dir;
        this.digest = digest;
        this.size = size;
        this.source = source;
        this.target = target;
        this.progress = new DownloadProgress(size);
    }

    public DownloadProgress progress() {
        return progress;
    }

    /** Switches to an existing {@code overlaybd.commit}; false when there is none. */
    boolean switchIfCommitted() throws IOException {
        Path commit = dir.resolve(COMMIT);
        if (!Files.exists(commit)) {
            return false;
        }
        if (target != null && !(target.current() instanceof LocalFileSource)) {
            target.switchTo(LocalFileSource.open(commit));
        }
        progress.bytesDone(size);
        progress.state(DownloadProgress.State.DONE);
        return true;
    }

    /**
     * One attempt; true when the layer is now local, false on a digest mismatch (partial data deleted). A broken
     * stream resumes at the last byte written; a break without progress uses up one of the layer's tries.
     */
    boolean attempt(DownloadOptions opts, RateLimiter limiter, AuditLog audit, Control ctl)
            throws IOException, InterruptedException {
        progress.attemptStarted();
        progress.state(DownloadProgress.State.DOWNLOADING);
        Files.createDirectories(dir);
        Path temp = dir.resolve(TEMP);
        long start = force ? 0 : resumeOffset();
        force = false;
        MessageDigest md = newSha256();
        long copied;
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); ProgressSyncer syncer = new ProgressSyncer(ch, dir.resolve(PROGRESS));
                LayerFileWriter writer = LayerFileWriter.open(ch, temp, DIRECT_IO)) {
            ch.truncate(start);
            hashPrefix(ch, start, md);
            progress.started(start, System.nanoTime());
            StreamCopy copy = new StreamCopy(this, writer, md, syncer, opts, limiter, audit, ctl);
            try {
                copy.run(start);
            } catch (InterruptedException e) {
                saveProgress(syncer, copy.done());
                throw e;
            }
            copied = System.nanoTime();
            syncer.finish();
        }
        long synced = System.nanoTime();
        progress.state(DownloadProgress.State.VERIFYING);
        Digest actual = Digest.ofSha256(md.digest());
        if (!actual.equals(digest)) {
            LOG.warn("background download {}: digest mismatch (expected {}, got {}); deleting the partial file",
                    dir, digest, actual);
            progress.failed("digest mismatch: got " + actual);
            Files.deleteIfExists(temp);
            Files.deleteIfExists(dir.resolve(PROGRESS));
            force = true;
            return false;
        }
        Files.move(temp, dir.resolve(COMMIT), StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(dir.resolve(PROGRESS));
        syncDir();
        LOG.info("background download {}: {} bytes verified ({}), committed; {} MiB/s (last sync {} ms)", dir, size,
                digest, String.format("%.1f", progress.bytesPerSecond() / 1048576.0), (synced - copied) / 1_000_000);
        return switchIfCommitted();
    }

    /** What the copy loop asks its owner: stop, and pause (false when it ran its course, true when stopped). */
    interface Control {
        boolean stopped();

        boolean pause(long millis);
    }

    /** The blob from {@code offset}: one stream when the source can, else blocks read ahead. */
    ReadableByteChannel open(long offset, DownloadOptions opts) throws IOException {
        if (source instanceof StreamableSource) {
            return ((StreamableSource) source).openStream(offset);
        }
        return new BlockReadAhead(source, size, offset, opts.blockSize, opts.concurrency);
    }

    /** On a stop: makes the bytes written durable and records their end, so the next start resumes there. */
    private void saveProgress(ProgressSyncer syncer, long done) {
        boolean interrupted = Thread.interrupted();
        try {
            syncer.finish();
            Files.writeString(dir.resolve(PROGRESS), Long.toString(done), StandardCharsets.US_ASCII);
            LOG.info("background download {}: stopped; {} bytes kept for the next start", dir, done);
        } catch (IOException e) {
            LOG.info("background download {}: stopped; progress not saved ({})", dir, e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Feeds {@code [0, length)} of the file (the part a resumed attempt keeps) into the digest. */
    private void hashPrefix(FileChannel ch, long length, MessageDigest md) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long pos = 0;
        while (pos < length) {
            buf.clear().limit((int) Math.min(buf.capacity(), length - pos));
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException(dir.resolve(TEMP) + ": ends at " + pos + " before the resume offset " + length);
            }
            md.update(buf.array(), 0, n);
            pos += n;
        }
    }

    /** The offset recorded as synced by an earlier (crashed) attempt, if the temp file still backs it. */
    private long resumeOffset() throws IOException {
        Path p = dir.resolve(PROGRESS);
        Path temp = dir.resolve(TEMP);
        if (!Files.exists(p) || !Files.exists(temp)) {
            return 0;
        }
        try {
            long off = Long.parseLong(Files.readString(p, StandardCharsets.US_ASCII).trim());
            if (off < 0 || off > size || off > Files.size(temp)) {
                return 0;
            }
            if (off > 0) {
                LOG.info("background download {}: resuming at offset {}", dir, off);
            }
            return off;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void syncDir() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("fsync of {} not possible: {}", dir, e.toString());
        }
    }
}
