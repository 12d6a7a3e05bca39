package io.obd4j.registry.cache;

import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BlockSource} that serves a blob from the {@link CachePool} and fills misses from its origin (usually a
 * {@link io.obd4j.registry.BlobRangeReader}) one aligned refill-sized piece at a time, with one fetch per piece no
 * matter how many readers miss it at once. Cached data is checked against the page CRCs on every read; a corrupt or
 * truncated piece is evicted and fetched again (counted and logged), so the device only ever sees origin bytes.
 * {@link #evict} lets a format reader whose own checksum failed force the same.
 */
public final class CachedBlobSource implements BlockSource {
    private static final Logger LOG = LoggerFactory.getLogger(CachedBlobSource.class);

    private final BlockSource origin;
    private final String key;
    private final CachePool pool;
    private final long size;
    private final int pieceSize;
    private final ThreadLocal<Scratch> scratch;

    /**
     * @param cacheKey the blob's identity in the cache, its digest ({@code sha256:<hex>}) so that repositories
     *                 sharing a layer share its pieces
     */
    public CachedBlobSource(BlockSource origin, String cacheKey, CachePool pool) throws IOException {
        this.origin = origin;
        this.key = cacheKey;
        this.pool = pool;
        this.size = origin.size();
        this.pieceSize = pool.pieceSize();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(pieceSize));
    }

    @Override
    public String name() {
        return origin.name();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(ByteBuffer dst, long offset) throws IOException {
        int total = BlockSource.readLength(this, size, dst, offset);
        if (total == 0) {
            return 0;
        }
        int done = 0;
        while (done < total) {
            long pos = offset + done;
            long index = pos / pieceSize;
            int inPiece = (int) (pos - index * pieceSize);
            int n = Math.min(total - done, pieceSize - inPiece);
            readPiece(index, inPiece, dst, n);
            done += n;
        }
        return total;
    }

    private int pieceLength(long index) {
        return (int) Math.min(pieceSize, size - index * pieceSize);
    }

    private void readPiece(long index, int inPiece, ByteBuffer dst, int n) throws IOException {
        Scratch sc = scratch.get();
        for (int attempt = 0; attempt < 2; attempt++) {
            CachedPiece p = pool.acquire(sc.probe.set(key, index));
            if (p == null) {
                break;
            }
            try {
                if (readHit(p, inPiece, dst, n, sc)) {
                    pool.stats().cacheHit(n);
                    return;
                }
            } finally {
                pool.release(p);
            }
            pool.remove(p);
        }
        pool.stats().cacheMiss();
        byte[] data = fetch(new PieceKey(key, index));
        dst.put(data, inPiece, n);
    }

    /** Copies from the piece file after checking the CRC of every page touched; false when the piece is bad. */
    private boolean readHit(CachedPiece p, int inPiece, ByteBuffer dst, int n, Scratch sc) throws IOException {
        int len = pieceLength(p.key.index);
        int page = CachePieceFormat.PAGE_SIZE;
        int first = inPiece / page;
        int last = (inPiece + n - 1) / page;
        int from = first * page;
        int to = Math.min(len, (last + 1) * page);
        long t0 = System.nanoTime();
        FileChannel ch;
        try {
            ch = pool.channel(p);
        } catch (NoSuchFileException e) {
            return false;
        }
        int[] crcs = crcs(p, ch, len);
        if (crcs == null) {
            return false;
        }
        ByteBuffer bb = sc.view;
        bb.clear().limit(to - from);
        long base = CachePieceFormat.dataOffset(len) + (long) from;
        while (bb.hasRemaining()) {
            if (ch.read(bb, base + bb.position()) < 0) {
                corrupt(p, "file ends inside the data");
                return false;
            }
        }
        for (int i = first; i <= last; i++) {
            int off = i * page - from;
            int plen = Math.min(page, len - i * page);
            if (CachePieceFormat.crc(sc.crc, sc.buf, off, plen) != crcs[i]) {
                corrupt(p, "CRC32C mismatch in page " + i);
                return false;
            }
        }
        long micros = (System.nanoTime() - t0) / 1000;
        if (micros >= 1000) {
            pool.audit().record("file:read", "", p.key.index * (long) pieceSize + inPiece, n, micros);
        }
        dst.put(sc.buf, inPiece - from, n);
        return true;
    }

    private int[] crcs(CachedPiece p, FileChannel ch, int len) throws IOException {
        synchronized (p) {
            if (p.crcs == null) {
                ByteBuffer h = ByteBuffer.allocate(CachePieceFormat.dataOffset(len));
                while (h.hasRemaining() && ch.read(h, h.position()) > 0) {
                    continue;
                }
                h.flip();
                String[] why = new String[1];
                p.crcs = CachePieceFormat.parse(h, ch.size(), len, why);
                if (p.crcs == null) {
                    corrupt(p, why[0]);
                }
            } else if (ch.size() != CachePieceFormat.dataOffset(len) + (long) len) {
                corrupt(p, "file size " + ch.size() + " changed");
                return null;
            }
            return p.crcs;
        }
    }

    private void corrupt(CachedPiece p, String why) {
        pool.stats().corruptRefetch();
        LOG.warn("{}: cached piece {} (offset {}) is corrupt: {}; evicting and fetching it again", name(),
                p.key.index, p.key.index * (long) pieceSize, why);
    }

    /** The piece's bytes from the origin, fetched once however many readers ask at the same time. */
    private byte[] fetch(PieceKey pk) throws IOException {
        boolean[] created = new boolean[1];
        CompletableFuture<byte[]> f = pool.inflight(pk, created);
        if (!created[0]) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(name() + ": interrupted waiting for piece " + pk.index);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof IOException ? (IOException) c : new IOException(name() + ": " + c, c);
            }
        }
        try {
            int len = pieceLength(pk.index);
            byte[] data = new byte[len];
            long start = pk.index * pieceSize;
            long t0 = System.nanoTime();
            origin.readFully(ByteBuffer.wrap(data), start);
            pool.audit().record("download", origin.name(), start, len, (System.nanoTime() - t0) / 1000);
            try {
                pool.store(pk, data, len);
            } catch (IOException e) {
                LOG.warn("{}: cannot store piece {} in {}; serving it uncached: {}", name(), pk.index, pool,
                        e.toString());
            }
            f.complete(data);
            return data;
        } catch (IOException | RuntimeException e) {
            f.completeExceptionally(e);
            throw e;
        } finally {
            pool.done(pk);
        }
    }

    /** Drops the cached pieces overlapping {@code [offset, offset + length)}; the next read fetches them again. */
    @Override
    public void evict(long offset, long length) {
        if (length <= 0) {
            return;
        }
        long first = Math.max(0, offset) / pieceSize;
        long last = Math.min(size - 1, offset + length - 1) / pieceSize;
        for (long i = first; i <= last; i++) {
            pool.remove(new PieceKey(key, i));
            pool.stats().evictRequested();
        }
        LOG.info("{}: evicted cached range {}+{} on request", name(), offset, length);
    }

    @Override
    public void close() throws IOException {
        origin.close();
    }

    /** Per-thread buffers of the hit path, so that a hit allocates nothing. */
    private static final class Scratch {
        final byte[] buf;
        final ByteBuffer view;
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        final PieceKey probe = new PieceKey("", 0);

        Scratch(int pieceSize) {
            buf = new byte[pieceSize];
            view = ByteBuffer.wrap(buf);
        }
    }
}
