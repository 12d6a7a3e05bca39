package io.obd4j.core.image;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.RwLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Image#readIfCached} over local LSMT lowers and a writable upper (append-only or sparse): the same bytes as
 * {@link Image#read} once cached, including data written to the upper, discarded ranges and holes; false when a
 * layer file's pages are gone or a restack holds the layers.
 */
class ImageCachedReadTest {
    private static final int MIB = 1 << 20;
    private static final long SIZE = 16L * MIB;

    @TempDir
    Path dir;

    private List<Path> lowers;

    private Image open(boolean sparse) throws IOException {
        lowers = LayerStackCachedReadTest.writeLayers(dir, new RandomStack(21, (int) SIZE, SIZE, SIZE));
        RwLayer upper = RwLayer.create(dir.resolve("upper.data"), dir.resolve("upper.index"),
                LayerInfo.of(0).withSparse(sparse));
        return Image.open(LayerStackCachedReadTest.open(lowers), upper);
    }

    /** Random writes and discards through the image, a write last; returns that write's byte offset. */
    private static long writeAndDiscard(Image image, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i <= 60; i++) {
            int sectors = 1 + rnd.nextInt(128);
            long at = rnd.nextLong(SIZE / 512 - sectors) * 512;
            if (i < 60 && rnd.nextInt(4) == 0) {
                image.discard(at, sectors * 512L);
            } else {
                byte[] data = new byte[sectors * 512];
                rnd.nextBytes(data);
                image.write(ByteBuffer.wrap(data), at);
                if (i == 60) {
                    return at;
                }
            }
        }
        throw new AssertionError("unreachable");
    }

    @ParameterizedTest(name = "sparse upper: {0}")
    @ValueSource(booleans = {false, true})
    void warmReadsComeFromTheCacheWithTheSameBytes(boolean sparse) throws Exception {
        try (Image image = open(sparse)) {
            writeAndDiscard(image, 5);
            CachedReadOracle.assertCachedReadsMatch(image, image.index(), image.size(), 77, 400);
            CachedReadOracle.assertCachedReadMatches(image, 0, (int) SIZE);
            image.flush();
            CachedReadOracle.assertCachedReadsMatch(image, image.index(), image.size(), 78, 100);
        }
    }

    @ParameterizedTest(name = "sparse upper: {0}")
    @ValueSource(booleans = {false, true})
    void droppedPagesOfTheUpperOrALowerAreLeftToAWorker(boolean sparse) throws Exception {
        try (Image image = open(sparse)) {
            long written = writeAndDiscard(image, 6);
            CachedReadOracle.assertCachedReadMatches(image, written, 512);
            image.flush();
            CachedReadOracle.dropCache(image.upper().dataPath());
            CachedReadOracle.assertNotCached(image, written, 512);
            CachedReadOracle.assertCachedReadMatches(image, written, 512);

            CachedReadOracle.assertCachedReadMatches(image, 0, (int) SIZE);
            CachedReadOracle.dropCache(lowers.get(0));
            CachedReadOracle.assertNotCached(image, 0, (int) SIZE);
        }
    }

    @Test
    void aReadOnlyImageReadsItsLowersFromTheCache() throws Exception {
        lowers = LayerStackCachedReadTest.writeLayers(dir, new RandomStack(22, (int) SIZE, SIZE, SIZE));
        try (Image image = Image.open(LayerStackCachedReadTest.open(lowers), null)) {
            CachedReadOracle.assertCachedReadsMatch(image, image.index(), image.size(), 79, 200);
        }
    }

    @Test
    void aRestackInProgressMakesCachedReadsFailAtOnce() throws Exception {
        try (Image image = open(false)) {
            CachedReadOracle.assertCachedReadMatches(image, 0, MIB);
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread restack = new Thread(() -> {
                image.swapLock().writeLock().lock();
                try {
                    held.countDown();
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    image.swapLock().writeLock().unlock();
                }
            }, "holds-the-swap-lock");
            restack.start();
            held.await();
            try {
                // a cached read waiting for the lock would hang here: fail instead
                assertTimeoutPreemptively(Duration.ofSeconds(30),
                        () -> CachedReadOracle.assertNotCached(image, 0, MIB));
            } finally {
                release.countDown();
                restack.join();
            }
            CachedReadOracle.assertCachedReadMatches(image, 0, MIB);
        }
    }
}
