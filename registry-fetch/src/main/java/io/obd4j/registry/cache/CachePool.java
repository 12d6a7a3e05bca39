package io.obd4j.registry.cache;

import io.obd4j.core.audit.AuditLog;
import io.obd4j.registry.RegistryStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All cached pieces under one cache directory, bounded to {@code capacityBytes}: when a new piece pushes the total
 * past the capacity, least recently used pieces that nobody is reading are deleted down to the water mark
 * (overlaybd's {@code max(C*0.9, C-50GiB)}), and an {@code eviction} audit line is written. The state is rebuilt
 * from the directory on open (LRU order from file times), so the cache survives restarts. Thread-safe.
 */
public final class CachePool {
    private static final Logger LOG = LoggerFactory.getLogger(CachePool.class);
    private static final String SUFFIX = ".piece";

    private final Path dir;
    private final long capacity;
    private final long waterMark;
    private final int pieceSize;
    private final RegistryStats stats;
    private final AuditLog audit;
    private final LinkedHashMap<PieceKey, CachedPiece> lru = new LinkedHashMap<>(256, 0.75f, true);
    private final ConcurrentHashMap<PieceKey, CompletableFuture<byte[]>> inflight = new ConcurrentHashMap<>();
    private long used;

    private CachePool(Path dir, long capacity, int pieceSize, RegistryStats stats, AuditLog audit) {
        this.dir = dir;
        this.capacity = capacity;
        this.waterMark = Math.max((long) (capacity * 0.9), capacity - (50L << 30));
        this.pieceSize = pieceSize;
        this.stats = stats;
        this.audit = audit;
    }

    /**
     * Opens (creating) the cache at {@code dir}.
     *
     * @param pieceSize overlaybd's {@code refillSize}: a power of two, a multiple of 4096
     */
    public static CachePool open(Path dir, long capacityBytes, int pieceSize, RegistryStats stats, AuditLog audit)
            throws IOException {
        if (pieceSize < CachePieceFormat.PAGE_SIZE || Integer.bitCount(pieceSize) != 1) {
            throw new IllegalArgumentException("refillSize must be a power of two >= 4096, found " + pieceSize);
        }
        Files.createDirectories(dir);
        CachePool p = new CachePool(dir, capacityBytes, pieceSize, stats, audit);
        p.scan();
        return p;
    }

    public int pieceSize() {
        return pieceSize;
    }

    public long capacity() {
        return capacity;
    }

    /** Bytes on disk used by cached pieces. */
    public synchronized long used() {
        return used;
    }

    public synchronized int pieceCount() {
        return lru.size();
    }

    public RegistryStats stats() {
        return stats;
    }

    AuditLog audit() {
        return audit;
    }

    private void scan() throws IOException {
        List<Object[]> found = new ArrayList<>();
        try (DirectoryStream<Path> blobs = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path b : blobs) {
                try (DirectoryStream<Path> pieces = Files.newDirectoryStream(b)) {
                    for (Path f : pieces) {
                        String n = f.getFileName().toString();
                        if (!n.endsWith(SUFFIX)) {
                            Files.deleteIfExists(f);
                            continue;
                        }
                        long index = Long.parseLong(n.substring(0, n.length() - SUFFIX.length()));
                        FileTime t = Files.getLastModifiedTime(f);
                        found.add(new Object[] {new PieceKey(b.getFileName().toString(), index), f, Files.size(f), t});
                    }
                } catch (NumberFormatException e) {
                    LOG.warn("cache {}: ignoring unexpected file in {}", dir, b);
                }
            }
        }
        found.sort((a, b) -> ((FileTime) a[3]).compareTo((FileTime) b[3]));
        synchronized (this) {
            for (Object[] f : found) {
                CachedPiece p = new CachedPiece((PieceKey) f[0], (Path) f[1], (Long) f[2]);
                lru.put(p.key, p);
                used += p.diskBytes;
            }
        }
        LOG.info("cache {}: {} pieces, {} bytes in use, capacity {}", dir, found.size(), used, capacity);
        evictIfNeeded();
    }

    /** Pins and returns the piece, or null when it is not cached. */
    synchronized CachedPiece acquire(PieceKey key) {
        CachedPiece p = lru.get(key);
        if (p != null) {
            p.pins++;
        }
        return p;
    }

    synchronized void release(CachedPiece p) {
        p.pins--;
    }

    /**
     * Drops the piece (found corrupt, or evicted on request) and deletes its file at once, even while pinned: a
     * reader that opens it afterwards finds it gone and fetches again. Does nothing if {@code p} was replaced.
     */
    void remove(CachedPiece p) {
        synchronized (this) {
            if (!lru.remove(p.key, p)) {
                return;
            }
            used -= p.diskBytes;
        }
        deleteFile(p.file);
    }

    /** Drops whatever piece is cached under {@code key}. */
    void remove(PieceKey key) {
        CachedPiece p;
        synchronized (this) {
            p = lru.get(key);
        }
        if (p != null) {
            remove(p);
        }
    }

    /** The single in-flight fetch of {@code key}: the caller that gets {@code created[0] = true} must complete it. */
    CompletableFuture<byte[]> inflight(PieceKey key, boolean[] created) {
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> f = inflight.putIfAbsent(key, mine);
        created[0] = f == null;
        return f == null ? mine : f;
    }

    void done(PieceKey key) {
        inflight.remove(key);
    }

    /** Stores {@code data[0, len)} as the piece (temp file + rename), then evicts if over capacity. */
    void store(PieceKey key, byte[] data, int len) throws IOException {
        Path blobDir = dir.resolve(key.blob);
        Files.createDirectories(blobDir);
        Path file = blobDir.resolve(key.index + SUFFIX);
        Path tmp = blobDir.resolve(key.index + SUFFIX + "." + Thread.currentThread().getId() + ".tmp");
        ByteBuffer header = CachePieceFormat.header(data, len);
        long t0 = System.nanoTime();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, header, 0);
            writeFully(ch, ByteBuffer.wrap(data, 0, len), header.capacity());
        } catch (IOException e) {
            deleteFile(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        long micros = (System.nanoTime() - t0) / 1000;
        if (micros >= 10_000) {
            audit.record("file:write", "", key.index * (long) pieceSize, len, micros);
        }
        CachedPiece p = new CachedPiece(key, file, header.capacity() + (long) len);
        synchronized (this) {
            CachedPiece old = lru.put(key, p);
            if (old != null) {
                used -= old.diskBytes;
            }
            used += p.diskBytes;
        }
        evictIfNeeded();
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    /** Evicts LRU pieces that are not pinned until usage is at or below the water mark. */
    void evictIfNeeded() {
        List<CachedPiece> victims = new ArrayList<>();
        long before;
        long freed = 0;
        synchronized (this) {
            if (used <= capacity) {
                return;
            }
            before = used;
            Iterator<CachedPiece> it = lru.values().iterator();
            while (used > waterMark && it.hasNext()) {
                CachedPiece p = it.next();
                if (p.pins > 0) {
                    continue;
                }
                it.remove();
                used -= p.diskBytes;
                freed += p.diskBytes;
                victims.add(p);
            }
        }
        for (CachedPiece p : victims) {
            deleteFile(p.file);
            stats.evicted(p.diskBytes);
        }
        audit.record("eviction", new String[] {"actualEvict", "evictByCache", "evictByDisk", "totalUsed_"},
                new Object[] {freed, before - waterMark, 0, before});
        LOG.debug("cache {}: evicted {} pieces, {} bytes", dir, victims.size(), freed);
    }

    private void deleteFile(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.warn("cache {}: cannot delete {}: {}", dir, f, e.toString());
        }
    }

    @Override
    public String toString() {
        return "cache " + dir;
    }
}
