package io.obd4j.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.format.BlobUnwrapper;
import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.format.lsmt.LsmtReader;
import io.obd4j.core.format.tar.TarWrapper;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.testing.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LayerStack#readIfCached} over local, uncompressed layer files (one of them inside a tar): the same bytes as
 * {@link LayerStack#read} when the page cache holds them, false when it does not or a layer is compressed.
 */
class LayerStackCachedReadTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    /** The random layers written to files in {@code dir}, the second one tar-wrapped; returns them bottom first. */
    static List<Path> writeLayers(Path dir, RandomStack s) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < s.files.size(); i++) {
            Path f = dir.resolve("layer" + i + (i == 1 ? ".tar" : ".lsmt"));
            if (i == 1) {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    TarWrapper w = TarWrapper.create(ch, TarWrapper.DEFAULT_MODE);
                    w.write(ByteBuffer.wrap(s.files.get(i)));
                    w.close();
                }
            } else {
                Files.write(f, s.files.get(i));
            }
            files.add(f);
        }
        return files;
    }

    static LayerStack open(List<Path> bottomToTop) throws IOException {
        List<LsmtLayer> layers = new ArrayList<>();
        for (Path f : bottomToTop) {
            layers.add(LsmtReader.open(BlobUnwrapper.unwrap(LocalFileSource.open(f)), f.toString()));
        }
        return LayerStack.of(layers);
    }

    @Test
    void warmReadsComeFromTheCacheWithTheSameBytes() throws Exception {
        RandomStack s = new RandomStack(11, 16 * MIB, 16L * MIB, 16L * MIB, 16L * MIB);
        try (LayerStack stack = open(writeLayers(dir, s))) {
            CachedReadOracle.assertCachedReadsMatch(stack, stack.index(), stack.size(), 42, 400);
            CachedReadOracle.assertCachedReadMatches(stack, 0, 16 * MIB);
            CachedReadOracle.assertCachedReadMatches(stack, 1L << 40, 64 * 1024);
            ByteBuffer all = ByteBuffer.allocateDirect(16 * MIB);
            assertThat(stack.readIfCached(all, 0)).isTrue();
            byte[] got = new byte[16 * MIB];
            all.flip().get(got);
            assertThat(got).isEqualTo(s.model);
        }
    }

    @Test
    void droppedPagesAreLeftToAWorkerUntilAReadBringsThemBack() throws Exception {
        RandomStack s = new RandomStack(12, 8 * MIB, 8L * MIB, 8L * MIB, 8L * MIB);
        List<Path> files = writeLayers(dir, s);
        try (LayerStack stack = open(files)) {
            CachedReadOracle.assertCachedReadMatches(stack, 0, 8 * MIB);
            CachedReadOracle.dropCache(files.get(1));
            CachedReadOracle.assertNotCached(stack, 0, 8 * MIB);
            CachedReadOracle.assertCachedReadMatches(stack, 0, 8 * MIB);
            CachedReadOracle.dropCache(files.toArray(new Path[0]));
            CachedReadOracle.assertNotCached(stack, 0, 8 * MIB);
        }
    }

    @Test
    void unalignedAndHeapReadsAreLeftToAWorker() throws Exception {
        RandomStack s = new RandomStack(13, 4 * MIB, 4L * MIB);
        try (LayerStack stack = open(writeLayers(dir, s))) {
            CachedReadOracle.assertCachedReadMatches(stack, 0, 4 * MIB);
            assertThat(stack.readIfCached(ByteBuffer.allocateDirect(512), 100)).isFalse();
            assertThat(stack.readIfCached(ByteBuffer.allocateDirect(100), 0)).isFalse();
            ByteBuffer heap = ByteBuffer.allocate(4 * MIB);
            assertThat(stack.readIfCached(heap, 0)).as("preadv2 needs a direct buffer").isFalse();
            assertThat(heap.position()).isZero();
        }
    }

    @Test
    void aCompressedLayerIsNeverReadOnTheCallingThread() throws Exception {
        Path zfile = Files.copy(Fixtures.layer("stack-l1.zfile"), dir.resolve("l1.zfile"));
        try (LayerStack stack = open(List.of(zfile))) {
            long[] data = new long[2];
            stack.index().forEach((o, l, m, z, t) -> {
                if (!z && data[1] == 0) {
                    data[0] = o;
                    data[1] = l;
                }
            });
            assertThat(data[1]).as("a data record").isPositive();
            ByteBuffer dst = ByteBuffer.allocateDirect((int) data[1] * 512);
            stack.read(dst, data[0] * 512);
            CachedReadOracle.assertNotCached(stack, data[0] * 512, (int) data[1] * 512);
        }
    }
}
