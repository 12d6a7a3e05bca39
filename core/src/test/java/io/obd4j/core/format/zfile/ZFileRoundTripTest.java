package io.obd4j.core.format.zfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.io.ForwardingSource;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZFileRoundTripTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4095, 4096, 4097, 65536 * 3, 300_001})
    void randomWriteSizesGiveTheSameFileAsOneWrite(int size) throws Exception {
        byte[] data = ZFileTestData.compressible(size, size);
        for (CompressionAlgorithm algo : CompressionAlgorithm.values()) {
            ZFileOptions opts = new ZFileOptions(algo, 8192, true, false);
            byte[] once = ZFileTestData.compress(data, opts);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SplittableRandom rnd = new SplittableRandom(size);
            try (ZFileWriter w = ZFileWriter.create(Channels.newChannel(out), "chunks", opts)) {
                for (int off = 0; off < size; ) {
                    int n = Math.min(size - off, rnd.nextInt(20_000));
                    if ((n & 1) == 0) {
                        w.write(data, off, n);
                    } else {
                        w.write(ByteBuffer.wrap(data, off, n));
                    }
                    off += n;
                }
                assertThat(w.originalSize()).isEqualTo(size);
            }
            assertThat(out.toByteArray()).isEqualTo(once);
            try (ZFileReader r = ZFileTestData.open(tmp, "rt.zfile", once)) {
                assertThat(r.size()).isEqualTo(size);
                assertThat(ZFileTestData.readAll(r)).isEqualTo(data);
                assertThat(r.read(ByteBuffer.allocate(10), size)).isZero();
            }
        }
    }

    @Test
    void overwrittenHeaderMakesTheTrailerUnnecessary() throws Exception {
        byte[] data = ZFileTestData.compressible(3, 200_000);
        Path p = tmp.resolve("ow.zfile");
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ZFileWriter w = ZFileWriter.create(ch, "ow", ZFileOptions.forCommit(CompressionAlgorithm.ZSTD, 16384))) {
            w.write(data, 0, data.length);
        }
        byte[] z = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(z, z.length - 100));
        try (ZFileReader r = ZFileReader.open(LocalFileSource.open(p))) {
            assertThat(r.metadata().header().flags()).isEqualTo(0x1B);
            assertThat(ZFileTestData.readAll(r)).isEqualTo(data);
        }
        assertThatThrownBy(() -> ZFileWriter.create(Channels.newChannel(new ByteArrayOutputStream()), "stream",
                ZFileOptions.forCommit(CompressionAlgorithm.LZ4, 4096))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void incompressible64KiBBlocksAreRefusedAndSmallerBlocksStoreThem() throws Exception {
        byte[] random = new byte[200_000];
        new SplittableRandom(5).nextBytes(random);
        for (CompressionAlgorithm algo : CompressionAlgorithm.values()) {
            assertThatThrownBy(() -> ZFileTestData.compress(random, new ZFileOptions(algo, 65536, true, false)))
                    .isInstanceOf(FormatException.class).hasMessageContaining("stored length of block 0")
                    .hasMessageContaining("65536");
            byte[] z = ZFileTestData.compress(random, new ZFileOptions(algo, 32768, true, false));
            try (ZFileReader r = ZFileTestData.open(tmp, "rnd.zfile", z)) {
                assertThat(ZFileTestData.readAll(r)).isEqualTo(random);
            }
        }
    }

    @Test
    void concurrentReadersSeeTheSourceBytes() throws Exception {
        byte[] data = ZFileTestData.compressible(9, 3_000_000);
        byte[] z = ZFileTestData.compress(data, new ZFileOptions(CompressionAlgorithm.LZ4, 4096, true, false));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ZFileReader r = ZFileTestData.open(tmp, "mt.zfile", z)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                fs.add(pool.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    ByteBuffer dst = seed % 2 == 0 ? ByteBuffer.allocate(70_000) : ByteBuffer.allocateDirect(70_000);
                    for (int i = 0; i < 2000; i++) {
                        int off = rnd.nextInt(data.length);
                        int len = Math.min(data.length - off, 1 + rnd.nextInt(70_000));
                        dst.clear().limit(len);
                        r.read(dst, off);
                        assertThat(dst.flip()).isEqualTo(ByteBuffer.wrap(data, off, len));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aCorruptCachedBlockHealsAfterEviction() throws Exception {
        byte[] data = ZFileTestData.compressible(4, 100_000);
        byte[] z = ZFileTestData.compress(data, ZFileOptions.DEFAULT);
        Path p = tmp.resolve("heal.zfile");
        Files.write(p, z);
        try (ZFileReader probe = ZFileReader.open(LocalFileSource.open(p))) {
            long at = probe.metadata().table().offset(5);
            HealingSource src = new HealingSource(LocalFileSource.open(p), at + 3);
            try (ZFileReader r = ZFileReader.open(src)) {
                ByteBuffer dst = ByteBuffer.allocate(3 * 4096);
                assertThat(r.read(dst, 4 * 4096)).isEqualTo(3 * 4096);
                assertThat(dst.flip()).isEqualTo(ByteBuffer.wrap(data, 4 * 4096, 3 * 4096));
                assertThat(src.evictions).isEqualTo(1);
            }
        }
    }

    @Test
    void readsHonourBufferPositionsAndRejectReadOnlyBuffers() throws Exception {
        byte[] data = ZFileTestData.compressible(6, 50_000);
        try (ZFileReader r = ZFileTestData.open(tmp, "pos.zfile", ZFileTestData.compress(data, ZFileOptions.DEFAULT))) {
            ByteBuffer dst = ByteBuffer.allocate(10_000).position(100).limit(5000);
            assertThat(r.read(dst, 1000)).isEqualTo(4900);
            assertThat(dst.position()).isEqualTo(5000);
            assertThat(ByteBuffer.wrap(dst.array(), 100, 4900)).isEqualTo(ByteBuffer.wrap(data, 1000, 4900));
            assertThatThrownBy(() -> r.read(ByteBuffer.allocate(10).asReadOnlyBuffer(), 0))
                    .isInstanceOf(ReadOnlyBufferException.class);
        }
    }

    @Test
    void warmReadsAllocateNothingInTheReader() throws Exception {
        byte[] data = ZFileTestData.compressible(8, 2_000_000);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (CompressionAlgorithm algo : CompressionAlgorithm.values()) {
            byte[] z = ZFileTestData.compress(data, new ZFileOptions(algo, 4096, true, false));
            try (ZFileReader r = ZFileTestData.open(tmp, "alloc.zfile", z)) {
                ByteBuffer dst = ByteBuffer.allocateDirect(1 << 20);
                SplittableRandom rnd = new SplittableRandom(1);
                readRandom(r, dst, rnd, 5000);
                long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
                readRandom(r, dst, rnd, 5000);
                long perRead = (mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / 5000;
                assertThat(perRead).as("bytes allocated per read (%s)", algo).isLessThan(16);
            }
        }
    }

    private static void readRandom(BlockSource r, ByteBuffer dst, SplittableRandom rnd, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            dst.clear().limit(512 * (1 + rnd.nextInt(64)));
            r.read(dst, 512L * rnd.nextInt(3900));
        }
    }

    /** Serves one flipped byte until the range holding it is evicted, like a cache with a bad copy. */
    private static final class HealingSource extends ForwardingSource {
        private final long badByte;
        private volatile boolean healed;
        int evictions;

        HealingSource(BlockSource inner, long badByte) {
            super(inner);
            this.badByte = badByte;
        }

        @Override
        public int read(ByteBuffer dst, long offset) throws java.io.IOException {
            int start = dst.position();
            int n = inner.read(dst, offset);
            if (!healed && badByte >= offset && badByte < offset + n) {
                int i = start + (int) (badByte - offset);
                dst.put(i, (byte) (dst.get(i) ^ 0x40));
            }
            return n;
        }

        @Override
        public void evict(long offset, long length) {
            evictions++;
            if (badByte >= offset && badByte < offset + length) {
                healed = true;
            }
        }
    }
}
