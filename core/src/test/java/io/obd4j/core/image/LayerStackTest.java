package io.obd4j.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.format.lsmt.ByteArraySource;
import io.obd4j.core.format.lsmt.LayerFileBuilder;
import io.obd4j.core.format.lsmt.LayerUuid;
import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.format.lsmt.LsmtReader;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.ForwardingSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LayerStackTest {
    private static final int MIB = 1 << 20;

    @Test
    void virtualSizeIsTheTopMostNonZeroOne() throws Exception {
        RandomStack s = new RandomStack(1, 16 * MIB, 16L * MIB, 12L * MIB, 0);
        try (LayerStack stack = LayerStack.of(s.bottomToTop)) {
            assertThat(stack.size()).isEqualTo(12L * MIB);
            assertThat(stack.layer(0)).isSameAs(s.bottomToTop.get(2));
        }
    }

    @Test
    void readsEqualTheModelIncludingSplitReadsAndReadsPastTheData() throws Exception {
        RandomStack s = new RandomStack(2, 16 * MIB, 16L * MIB, 16L * MIB, 16L * MIB);
        try (LayerStack stack = LayerStack.of(s.bottomToTop)) {
            ByteBuffer all = ByteBuffer.allocate(16 * MIB);
            stack.read(all, 0);
            assertThat(all.hasRemaining()).isFalse();
            assertThat(Arrays.mismatch(all.array(), s.model)).isEqualTo(-1);
            ByteBuffer direct = ByteBuffer.allocateDirect(9 * MIB + 512);
            stack.read(direct, 3 * MIB + 512);
            byte[] got = new byte[direct.capacity()];
            direct.flip().get(got);
            assertThat(Arrays.mismatch(got, Arrays.copyOfRange(s.model, 3 * MIB + 512, 12 * MIB + 1024)))
                    .isEqualTo(-1);
            ByteBuffer past = ByteBuffer.allocate(MIB);
            Arrays.fill(past.array(), (byte) 1);
            stack.read(past, 1L << 40);
            assertThat(Arrays.mismatch(past.array(), new byte[MIB])).isEqualTo(-1);
        }
    }

    /** Gaps and zeroed records are filled without reading any layer; data records read only their own bytes. */
    @Test
    void zeroRangesDoNotTouchTheLayerSources() throws Exception {
        LayerFileBuilder b = new LayerFileBuilder().data(8, filled(16, 7)).zeroed(100, 50).data(200, filled(8, 9));
        CountingSource src = new CountingSource(new ByteArraySource("c", b.build(MIB, LayerUuid.random(),
                LayerUuid.NULL, "")));
        LsmtLayer layer = LsmtReader.open(src, "c");
        try (LayerStack stack = LayerStack.of(List.of(layer))) {
            long before = src.reads.get();
            long bytesBefore = src.bytes.get();
            ByteBuffer dst = ByteBuffer.allocate(8 * 512);
            for (long sector : new long[] {0, 24, 100, 120, 143, 208, 1 << 20}) {
                dst.clear();
                Arrays.fill(dst.array(), (byte) 1);
                stack.read(dst, sector * 512);
                assertThat(Arrays.mismatch(dst.array(), new byte[8 * 512])).isEqualTo(-1);
            }
            assertThat(src.reads.get()).isEqualTo(before);
            dst.clear();
            stack.read(dst, 12 * 512);
            assertThat(src.reads.get()).isEqualTo(before + 1);
            assertThat(src.bytes.get() - bytesBefore).isEqualTo(8 * 512);
            assertThat(dst.array()[0]).isEqualTo((byte) 7);
        }
    }

    private static byte[] filled(int sectors, int value) {
        byte[] b = new byte[sectors * 512];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** Counts reads (after open) and bytes of a source. */
    static final class CountingSource extends ForwardingSource {
        final AtomicLong reads = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        CountingSource(BlockSource inner) {
            super(inner);
        }

        @Override
        public int read(ByteBuffer dst, long offset) throws IOException {
            int n = inner.read(dst, offset);
            reads.incrementAndGet();
            bytes.addAndGet(n);
            return n;
        }
    }

    @Test
    void unalignedReadsAreRefused() throws Exception {
        RandomStack s = new RandomStack(3, MIB, MIB);
        try (LayerStack stack = LayerStack.of(s.bottomToTop)) {
            assertThatThrownBy(() -> stack.read(ByteBuffer.allocate(512), 100)).isInstanceOf(IOException.class)
                    .hasMessageContaining("aligned");
            assertThatThrownBy(() -> stack.read(ByteBuffer.allocate(100), 0)).isInstanceOf(IOException.class)
                    .hasMessageContaining("aligned");
            assertThatThrownBy(() -> stack.write(ByteBuffer.allocate(512), 0)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void moreThan255LayersAreRefused() throws Exception {
        RandomStack s = new RandomStack(4, 64 << 10, 64 << 10);
        List<LsmtLayer> many = new ArrayList<>(Collections.nCopies(256,
                s.bottomToTop.get(0)));
        assertThatThrownBy(() -> LayerStack.of(many)).isInstanceOf(FormatException.class)
                .hasMessageContaining("open too many files (256 > 255)");
        assertThat(LayerStack.of(many.subList(0, 255)).layerCount()).isEqualTo(255);
    }

    /** Many threads read random ranges (heap and direct buffers, 512 B .. 6 MiB) of one stack at once. */
    @Test
    void concurrentRandomReadsEqualTheModel() throws Exception {
        RandomStack s = new RandomStack(5, 32 * MIB, 32L * MIB, 32L * MIB, 32L * MIB, 32L * MIB);
        try (LayerStack stack = LayerStack.of(s.bottomToTop)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Integer>> jobs = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    long seed = 100 + t;
                    jobs.add(() -> readRandomly(stack, s.model, seed, 1500));
                }
                int total = 0;
                for (Future<Integer> f : pool.invokeAll(jobs)) {
                    total += f.get();
                }
                assertThat(total).isEqualTo(8 * 1500);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static int readRandomly(LayerStack stack, byte[] model, long seed, int reads) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        ByteBuffer heap = ByteBuffer.allocate(6 * MIB + 4096);
        ByteBuffer direct = ByteBuffer.allocateDirect(6 * MIB + 4096);
        byte[] got = new byte[heap.capacity()];
        int sectors = model.length / 512;
        for (int i = 0; i < reads; i++) {
            int len = rnd.nextInt(50) == 0 ? 1 + rnd.nextInt(12 * 1024) : 1 + rnd.nextInt(256);
            int off = rnd.nextInt(sectors - len + 1);
            ByteBuffer b = rnd.nextBoolean() ? heap : direct;
            int pad = rnd.nextInt(8) * 512;
            b.clear().position(pad).limit(pad + len * 512);
            stack.read(b, off * 512L);
            if (b.hasRemaining()) {
                throw new AssertionError("short read");
            }
            b.position(pad);
            b.get(got, 0, len * 512);
            int mismatch = Arrays.mismatch(got, 0, len * 512, model, off * 512, off * 512 + len * 512);
            if (mismatch >= 0) {
                throw new AssertionError("read of " + len + " sectors at sector " + off + " differs at byte "
                        + mismatch);
            }
        }
        return reads;
    }
}
