package io.obd4j.core.format.lsmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers running during writes see, per 4 KiB block, one whole write that was made to it: never a mix. */
class ConcurrentReadWriteTest {
    private static final int BLOCKS = 256;
    private static final int BLOCK = 4096;

    @TempDir
    Path dir;

    @Test
    void readersSeeWholeWritesWhileAWriterOverwritesAndDiscards() throws Exception {
        AtomicLongArray published = new AtomicLongArray(BLOCKS);
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (LsmtWritableFile f = LsmtWritableFile.create(dir.resolve("d"), dir.resolve("i"),
                LayerInfo.of((long) BLOCKS * BLOCK))) {
            List<Future<Long>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                int seed = r;
                readers.add(pool.submit(() -> read(f, published, done, seed)));
            }
            Future<?> writer = pool.submit(() -> {
                SplittableRandom rnd = new SplittableRandom(99);
                ByteBuffer b = ByteBuffer.allocate(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
                for (long gen = 1; gen <= 20_000; gen++) {
                    int block = rnd.nextInt(BLOCKS);
                    if (gen % 10 == 0) {
                        f.discard((long) block * BLOCK, BLOCK);
                        published.set(block, 0);
                    } else {
                        for (int w = 0; w < BLOCK; w += 8) {
                            b.putLong(w, gen << 16 | block);
                        }
                        b.clear();
                        f.write(b, (long) block * BLOCK);
                        published.set(block, gen);
                    }
                    if (gen % 1000 == 0) {
                        f.flush();
                    }
                }
                done.set(true);
                return null;
            });
            writer.get();
            long checks = 0;
            for (Future<Long> r : readers) {
                checks += r.get();
            }
            assertThat(checks).isGreaterThan(1000);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Writers on several threads append at once (each copies its bytes outside the write lock): every block reads
     * back whole, also after a flush and a reopen, which replays and bounds-checks every record and discard.
     */
    @Test
    void concurrentWritersLandWholeAndReplayAfterReopen() throws Exception {
        Path data = dir.resolve("cw.data");
        Path index = dir.resolve("cw.index");
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (LsmtWritableFile f = LsmtWritableFile.create(data, index, LayerInfo.of((long) BLOCKS * BLOCK))) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    ByteBuffer b = ByteBuffer.allocateDirect(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
                    for (int round = 1; round <= 50; round++) {
                        // each thread owns the blocks congruent to its number; block 0 of each is discarded last
                        for (int block = thread; block < BLOCKS; block += writers) {
                            for (int w = 0; w < BLOCK; w += 8) {
                                b.putLong(w, (long) round << 16 | block);
                            }
                            b.clear();
                            f.write(b, (long) block * BLOCK);
                        }
                    }
                    f.discard((long) thread * BLOCK, BLOCK);
                    return null;
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
            f.flush();
            assertBlocks(f, writers);
        } finally {
            pool.shutdownNow();
        }
        try (LsmtWritableFile reopened = LsmtWritableFile.open(data, index, false)) {
            assertBlocks(reopened, writers);
        }
    }

    private static void assertBlocks(LsmtWritableFile f, int writers) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
        for (int block = 0; block < BLOCKS; block++) {
            b.clear();
            f.read(b, (long) block * BLOCK);
            long expected = block < writers ? 0 : 50L << 16 | block;
            for (int w = 0; w < BLOCK; w += 8) {
                assertThat(b.getLong(w)).as("block %d word %d", block, w).isEqualTo(expected);
            }
        }
    }

    private static long read(LsmtWritableFile f, AtomicLongArray published, AtomicBoolean done, int seed)
            throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        ByteBuffer b = ByteBuffer.allocate(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
        long checks = 0;
        while (!done.get() || checks < 1000) {
            int block = rnd.nextInt(BLOCKS);
            long before = published.get(block);
            b.clear();
            f.read(b, (long) block * BLOCK);
            long first = b.getLong(0);
            for (int w = 8; w < BLOCK; w += 8) {
                assertThat(b.getLong(w)).as("block %d word %d", block, w).isEqualTo(first);
            }
            if (first != 0) {
                assertThat(first & 0xFFFF).isEqualTo(block);
            }
            long gen = first >>> 16;
            // A block never reads older than what was published before the read started (discards publish 0).
            if (before != 0 && gen != 0) {
                assertThat(gen).isGreaterThanOrEqualTo(before);
            }
            checks++;
        }
        return checks;
    }
}
