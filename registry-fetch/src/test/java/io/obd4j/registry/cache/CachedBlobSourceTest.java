package io.obd4j.registry.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.testing.Fixtures;
import io.obd4j.registry.RegistryStats;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedBlobSourceTest {
    static final int PIECE = 16 * 1024;
    static final String KEY = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;
    final RegistryStats stats = new RegistryStats();
    final Path layer = Fixtures.layer("commit1.lz4-4k-crc.zfile");

    CachePool pool(long capacity) throws IOException {
        return CachePool.open(dir.resolve("cache"), capacity, PIECE, stats, AuditLog.disabled());
    }

    static byte[] read(CachedBlobSource s, long off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        s.readFully(b, off);
        return b.array();
    }

    @Test
    void servesOriginBytesAndHitsTheSecondTime() throws Exception {
        byte[] local = Files.readAllBytes(layer);
        CountingSource origin = new CountingSource(layer);
        try (CachedBlobSource s = new CachedBlobSource(origin, KEY, pool(1L << 30))) {
            SplittableRandom rnd = new SplittableRandom(7);
            long readBytes = 0;
            for (int i = 0; i < 300; i++) {
                int off = rnd.nextInt(local.length);
                int len = 1 + rnd.nextInt(Math.min(local.length - off, 40_000));
                assertThat(read(s, off, len)).isEqualTo(Arrays.copyOfRange(local, off, off + len));
                readBytes += len;
            }
            assertThat(read(s, 0, local.length)).isEqualTo(local);
            int pieces = (local.length + PIECE - 1) / PIECE;
            assertThat(origin.reads.get()).isEqualTo(pieces);
            assertThat(origin.bytes.get()).isEqualTo(local.length);
            assertThat(stats.cacheMisses()).isEqualTo(pieces);
            int before = origin.reads.get();
            assertThat(read(s, 0, local.length)).isEqualTo(local);
            assertThat(origin.reads.get()).isEqualTo(before);
            assertThat(stats.cacheHits()).isPositive();
            assertThat(readBytes).isPositive();
        }
    }

    @Test
    void concurrentMissesOfOnePieceFetchItOnce() throws Exception {
        byte[] local = Files.readAllBytes(layer);
        CountingSource origin = new CountingSource(layer);
        origin.delayMillis = 200;
        ExecutorService ex = Executors.newFixedThreadPool(16);
        try (CachedBlobSource s = new CachedBlobSource(origin, KEY, pool(1L << 30))) {
            List<Future<byte[]>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int off = PIECE + i * 512;
                fs.add(ex.submit(() -> read(s, off, 4096)));
            }
            for (int i = 0; i < 16; i++) {
                int off = PIECE + i * 512;
                assertThat(fs.get(i).get()).isEqualTo(Arrays.copyOfRange(local, off, off + 4096));
            }
            assertThat(origin.reads.get()).isEqualTo(1);
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void staysWithinATinyBoundAndNeverEvictsAPinnedPiece() throws Exception {
        byte[] local = Files.readAllBytes(layer);
        long onePiece = CachePieceFormat.dataOffset(PIECE) + PIECE;
        CachePool pool = pool(4 * onePiece);
        CountingSource origin = new CountingSource(layer);
        try (CachedBlobSource s = new CachedBlobSource(origin, KEY, pool)) {
            read(s, 0, 10);
            CachedPiece pinned = pool.acquire(new PieceKey(KEY, 0));
            assertThat(pinned).isNotNull();
            assertThat(read(s, 0, local.length)).isEqualTo(local);
            assertThat(pool.used()).isLessThanOrEqualTo(pool.capacity());
            assertThat(stats.evictions()).isPositive();
            assertThat(pool.acquire(new PieceKey(KEY, 0))).isSameAs(pinned);
            assertThat(Files.exists(pinned.file)).isTrue();
            pool.release(pinned);
            pool.release(pinned);
            int before = origin.reads.get();
            assertThat(read(s, 0, local.length)).isEqualTo(local);
            assertThat(origin.reads.get()).isGreaterThan(before);
            assertThat(pool.used()).isLessThanOrEqualTo(pool.capacity());
        }
    }

    @Test
    void survivesRestart() throws Exception {
        byte[] local = Files.readAllBytes(layer);
        try (CachedBlobSource s = new CachedBlobSource(new CountingSource(layer), KEY, pool(1L << 30))) {
            read(s, 0, local.length);
        }
        CountingSource origin = new CountingSource(layer);
        CachePool reopened = pool(1L << 30);
        assertThat(reopened.pieceCount()).isEqualTo((local.length + PIECE - 1) / PIECE);
        try (CachedBlobSource s = new CachedBlobSource(origin, KEY, reopened)) {
            assertThat(read(s, 0, local.length)).isEqualTo(local);
            assertThat(origin.reads.get()).isZero();
        }
    }

    @Test
    void flippedByteTruncatedFileAndBadHeaderAreRefetched() throws Exception {
        byte[] local = Files.readAllBytes(layer);
        try (CachedBlobSource s = new CachedBlobSource(new CountingSource(layer), KEY, pool(1L << 30))) {
            read(s, 0, local.length);
        }
        Path blobDir = dir.resolve("cache").resolve(KEY);
        flip(blobDir.resolve("1.piece"), CachePieceFormat.dataOffset(PIECE) + 100);
        try (RandomAccessFile f = new RandomAccessFile(blobDir.resolve("2.piece").toFile(), "rw")) {
            f.setLength(f.length() - 1);
        }
        flip(blobDir.resolve("3.piece"), CachePieceFormat.PAGE_CRC_OFFSET + 8);
        CountingSource origin = new CountingSource(layer);
        try (CachedBlobSource s = new CachedBlobSource(origin, KEY, pool(1L << 30))) {
            assertThat(read(s, 0, local.length)).isEqualTo(local);
            assertThat(origin.reads.get()).isEqualTo(3);
            assertThat(stats.corruptRefetches()).isEqualTo(3);
            // corrupt while running (CRC table already in memory): caught by the page CRC
            flip(blobDir.resolve("1.piece"), CachePieceFormat.dataOffset(PIECE) + PIECE - 1);
            assertThat(read(s, PIECE, PIECE)).isEqualTo(Arrays.copyOfRange(local, PIECE, 2 * PIECE));
            assertThat(stats.corruptRefetches()).isEqualTo(4);
            assertThat(read(s, 0, local.length)).isEqualTo(local);
            assertThat(origin.reads.get()).isEqualTo(4);
        }
    }

    @Test
    void evictOnRequestRefetchesTheRange() throws Exception {
        byte[] local = Files.readAllBytes(layer);
        CountingSource origin = new CountingSource(layer);
        try (CachedBlobSource s = new CachedBlobSource(origin, KEY, pool(1L << 30))) {
            read(s, 0, local.length);
            int before = origin.reads.get();
            s.evict(PIECE + 10, PIECE);
            assertThat(read(s, 0, local.length)).isEqualTo(local);
            assertThat(origin.reads.get()).isEqualTo(before + 2);
        }
    }

    @Test
    void originFailureIsReportedAndNotCached() throws Exception {
        byte[] local = Files.readAllBytes(layer);
        CountingSource origin = new CountingSource(layer);
        origin.failNext = 1;
        try (CachedBlobSource s = new CachedBlobSource(origin, KEY, pool(1L << 30))) {
            assertThatThrownBy(() -> read(s, 0, 100)).isInstanceOf(IOException.class)
                    .hasMessageContaining("injected");
            assertThat(read(s, 0, 100)).isEqualTo(Arrays.copyOf(local, 100));
        }
        try (Stream<Path> files = Files.list(dir.resolve("cache").resolve(KEY))) {
            assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
        }
    }

    static void flip(Path file, long pos) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(pos);
            int b = f.read();
            f.seek(pos);
            f.write(b ^ 0x40);
        }
    }
}
