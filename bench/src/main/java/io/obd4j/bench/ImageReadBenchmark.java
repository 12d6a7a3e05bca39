package io.obd4j.bench;

import io.obd4j.core.image.LayerStack;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The C++ reference table's six sets ({@link ImageSets}) read through {@link LayerStack}, one thread, page cache
 * warm: random 4 KiB reads at 4 KiB-aligned offsets and sequential 1 MiB reads wrapping at 1 GiB, into direct
 * buffers. The C++ table's "MB/s" are MiB/s: ops/s / 256 (4 KiB) or ops/s (1 MiB). {@code sequential4k}
 * (consecutive 4 KiB reads, as a kernel without read-ahead issues them) has no C++ figure; it shows the ZFile block
 * memo.
 *
 * <pre>java -jar bench/target/benchmarks.jar ImageReadBenchmark -prof gc</pre>
 * Supersedes the former {@code LsmtStackReadBenchmark} ({@code -p set=lsmt1,lsmt3}: same layer files and offsets).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ImageReadBenchmark {
    @Param({"lsmt1", "lsmt3", "lz4-4k", "zstd-4k", "lz4-64k", "zstd-64k"})
    String set;

    private LayerStack stack;
    private final ByteBuffer small = ByteBuffer.allocateDirect(4096);
    private final ByteBuffer large = ByteBuffer.allocateDirect(1 << 20);
    private final long[] randomOffsets = randomOffsets();
    private int next;
    private long seqOffset;
    private long seq4kOffset;

    /** 64 Ki random 4 KiB-aligned offsets below 1 GiB (the same sequence in the CPU-time probe). */
    static long[] randomOffsets() {
        long[] out = new long[1 << 16];
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < out.length; i++) {
            out[i] = rnd.nextLong(ImageSets.VSIZE / 4096) * 4096;
        }
        return out;
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        stack = ImageSets.open(set, ImageSets.dir());
        for (long off = 0; off < ImageSets.VSIZE; off += large.capacity()) {
            large.clear();
            stack.read(large, off);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        stack.close();
    }

    @Benchmark
    public ByteBuffer random4k() throws IOException {
        small.clear();
        stack.read(small, randomOffsets[next++ & (randomOffsets.length - 1)]);
        return small;
    }

    @Benchmark
    public ByteBuffer sequential1m() throws IOException {
        large.clear();
        stack.read(large, seqOffset);
        seqOffset = (seqOffset + large.capacity()) & (ImageSets.VSIZE - 1);
        return large;
    }

    @Benchmark
    public ByteBuffer sequential4k() throws IOException {
        small.clear();
        stack.read(small, seq4kOffset);
        seq4kOffset = (seq4kOffset + small.capacity()) & (ImageSets.VSIZE - 1);
        return small;
    }
}
