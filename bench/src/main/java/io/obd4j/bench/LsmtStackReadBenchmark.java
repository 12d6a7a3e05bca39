package io.obd4j.bench;

import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.format.lsmt.LsmtReader;
import io.obd4j.core.image.LayerStack;
import io.obd4j.core.io.LocalFileSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Reads of a plain LSMT stack over 1 GiB through {@link LayerStack}, one thread, page cache warm: random 4 KiB and
 * sequential 1 MiB. {@code layers=1}: one layer covering ~90%; {@code layers=3}: three layers covering ~40% each
 * (random writes of 4 KiB – 1 MiB). overlaybd's figures on this machine kind: one layer 2517 MB/s random 4 KiB,
 * 6388 MB/s sequential; 3 layers 1865 / 5165 MB/s.
 *
 * <pre>java -jar bench/target/benchmarks.jar LsmtStackReadBenchmark -f 1 -wi 2 -i 3</pre>
 * Layer files go to {@code ${java.io.tmpdir}/obd4j-bench-lsmt} and are reused by later runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class LsmtStackReadBenchmark {
    private static final long VSIZE = 1L << 30;

    @Param({"1", "3"})
    int layers;

    private LayerStack stack;
    private final ByteBuffer small = ByteBuffer.allocateDirect(4096);
    private final ByteBuffer large = ByteBuffer.allocateDirect(1 << 20);
    private final long[] randomOffsets = new long[1 << 16];
    private int next;
    private long seqOffset;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "obd4j-bench-lsmt");
        double share = layers == 1 ? 0.9 : 0.4;
        List<LsmtLayer> opened = new ArrayList<>();
        for (Path p : LsmtStackFiles.create(dir, layers, VSIZE, share, 7)) {
            opened.add(LsmtReader.open(LocalFileSource.open(p), p.getFileName().toString()));
        }
        stack = LayerStack.of(opened);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < randomOffsets.length; i++) {
            randomOffsets[i] = rnd.nextLong(VSIZE / 4096) * 4096;
        }
        // warm the page cache
        for (long off = 0; off < VSIZE; off += large.capacity()) {
            large.clear();
            stack.read(large, off);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        stack.close();
    }

    /** Random 4 KiB read; MB/s = ops/s × 4096 / 10^6. */
    @Benchmark
    public ByteBuffer random4k() throws IOException {
        small.clear();
        stack.read(small, randomOffsets[next++ & (randomOffsets.length - 1)]);
        return small;
    }

    /** Sequential 1 MiB read wrapping at 1 GiB; MB/s = ops/s × 1.048576. */
    @Benchmark
    public ByteBuffer sequential1m() throws IOException {
        large.clear();
        stack.read(large, seqOffset);
        seqOffset = (seqOffset + large.capacity()) & (VSIZE - 1);
        return large;
    }

    /** The merged index size, for the record. */
    public int records() {
        return stack.index().size();
    }
}
