package io.obd4j.registry.download;

import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.registry.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one layer: {@code <dir>/.download} filled block by block (resuming at the offset recorded in
 * {@code <dir>/.download.progress}, written only after the data before it was synced), sha256-checked, renamed to
 * {@code <dir>/overlaybd.commit}, then the layer's reads are switched to it.
 */
public final class LayerDownload {
    public static final String COMMIT = "overlaybd.commit";
    public static final String TEMP = ".download";
    public static final String PROGRESS = ".download.progress";
    private static final Logger LOG = LoggerFactory.getLogger(LayerDownload.class);
    private static final long SYNC_EVERY = 8L << 20;

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

    /** One attempt; true when the layer is now local, false on a digest mismatch (partial data deleted). */
    boolean attempt(DownloadOptions opts, RateLimiter limiter, AuditLog audit, BooleanSupplierIo stop)
            throws IOException, InterruptedException {
        progress.attemptStarted();
        progress.state(DownloadProgress.State.DOWNLOADING);
        Files.createDirectories(dir);
        Path temp = dir.resolve(TEMP);
        long start = force ? 0 : resumeOffset();
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            if (ch.size() > size) {
                ch.truncate(size);
            }
            copy(ch, start, opts, limiter, audit, stop);
            ch.force(true);
        }
        progress.state(DownloadProgress.State.VERIFYING);
        Digest actual = sha256(temp);
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
        LOG.info("background download {}: {} bytes verified ({}), committed", dir, size, digest);
        return switchIfCommitted();
    }

    /** Supplies the stop flag; IO-free so the loop can poll it. */
    @FunctionalInterface
    interface BooleanSupplierIo {
        boolean stopped();
    }

    private void copy(FileChannel ch, long start, DownloadOptions opts, RateLimiter limiter, AuditLog audit,
            BooleanSupplierIo stop) throws IOException, InterruptedException {
        byte[] buf = new byte[opts.blockSize];
        long synced = start;
        for (long off = start; off < size; off += opts.blockSize) {
            if (stop.stopped()) {
                throw new InterruptedException("background download stopped");
            }
            int n = (int) Math.min(opts.blockSize, size - off);
            if (limiter != null) {
                limiter.acquire(n);
            }
            long t0 = System.nanoTime();
            readBlock(off, buf, n);
            audit.record("bk_download", source.name(), off, n, (System.nanoTime() - t0) / 1000);
            writeBlock(ch, off, buf, n);
            progress.bytesDone(off + n);
            if (off + n - synced >= SYNC_EVERY || off + n == size) {
                ch.force(false);
                Files.writeString(dir.resolve(PROGRESS), Long.toString(off + n), StandardCharsets.US_ASCII);
                synced = off + n;
            }
        }
    }

    private void readBlock(long off, byte[] buf, int n) throws IOException {
        for (int i = 1; ; i++) {
            try {
                source.readFully(ByteBuffer.wrap(buf, 0, n), off);
                return;
            } catch (IOException e) {
                if (i >= 2) {
                    throw e;
                }
            }
        }
    }

    private static void writeBlock(FileChannel ch, long off, byte[] buf, int n) throws IOException {
        for (int i = 1; ; i++) {
            try {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    ch.write(b, off + b.position());
                }
                return;
            } catch (IOException e) {
                if (i >= 2) {
                    throw e;
                }
            }
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

    private static Digest sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf) > 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
        }
        return Digest.ofSha256(md.digest());
    }

    private void syncDir() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("fsync of {} not possible: {}", dir, e.toString());
        }
    }
}
