package io.obd4j.bench;

import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.LsmtWritableFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Random 4 KiB writes to an append-only writable LSMT layer (data append + Index0 insert + queued index record),
 * optionally with a flush (fdatasync data, append records, fdatasync index) every {@code flushEvery} writes.
 * A fresh 1 GiB layer per iteration keeps the index size comparable between iterations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LsmtWriteBenchmark {
    private static final long VSIZE = 1L << 30;
    private static final int BLOCK = 4096;

    /** 0 = never flush. */
    @Param({"0", "256"})
    public int flushEvery;

    /** Direct buffers are what the TCMU ring and Netty hand over; heap buffers cost the JDK an extra copy. */
    @Param({"true", "false"})
    public boolean direct;

    private Path dir;
    private LsmtWritableFile layer;
    private ByteBuffer block;
    private final SplittableRandom random = new SplittableRandom(7);
    private long writes;

    @Setup(Level.Iteration)
    public void open() throws IOException {
        dir = Files.createTempDirectory("obd4j-bench-rw");
        layer = LsmtWritableFile.create(dir.resolve("d"), dir.resolve("i"), LayerInfo.of(VSIZE));
        byte[] bytes = new byte[BLOCK];
        random.nextBytes(bytes);
        block = direct ? ByteBuffer.allocateDirect(BLOCK) : ByteBuffer.allocate(BLOCK);
        block.put(bytes).clear();
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        layer.close();
        Files.delete(dir.resolve("d"));
        Files.delete(dir.resolve("i"));
        Files.delete(dir);
    }

    @Benchmark
    public void write4k() throws IOException {
        long off = random.nextLong(VSIZE / BLOCK) * BLOCK;
        block.clear();
        layer.write(block, off);
        if (flushEvery > 0 && ++writes % flushEvery == 0) {
            layer.flush();
        }
    }
}
