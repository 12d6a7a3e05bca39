package io.obd4j.bench;

import io.obd4j.core.format.lsmt.CommitArgs;
import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.LsmtWritableFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Commit ({@code compact()}) of a writable layer holding 64 MiB of live data written as 16,384 random 4 KiB writes
 * over 1 GiB (so ~16k index records), into a counting sink: the copy loop, record building, index compression and
 * padding, without the cost of a target disk. One op = one whole commit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LsmtCommitBenchmark {
    private static final long VSIZE = 1L << 30;
    private static final int BLOCK = 4096;
    private static final int WRITES = 16384;

    private Path dir;
    private LsmtWritableFile layer;

    @Setup(Level.Trial)
    public void build() throws IOException {
        dir = Files.createTempDirectory("obd4j-bench-commit");
        layer = LsmtWritableFile.create(dir.resolve("d"), dir.resolve("i"), LayerInfo.of(VSIZE));
        SplittableRandom random = new SplittableRandom(11);
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        for (int i = 0; i < WRITES; i++) {
            random.nextBytes(block.array());
            block.clear();
            layer.write(block, random.nextLong(VSIZE / BLOCK) * BLOCK);
        }
        layer.flush();
    }

    @TearDown(Level.Trial)
    public void remove() throws IOException {
        layer.close();
        Files.delete(dir.resolve("d"));
        Files.delete(dir.resolve("i"));
        Files.delete(dir);
    }

    @Benchmark
    public long commit() throws IOException {
        CountingSink sink = new CountingSink();
        layer.commit(CommitArgs.defaults(), sink);
        return sink.bytes;
    }

    /** Swallows the output, counting it. */
    static final class CountingSink implements WritableByteChannel {
        long bytes;

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            bytes += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
