package io.obd4j.bench;

import io.obd4j.core.io.BlockSource;
import io.obd4j.core.prefetch.RecordingSource;
import io.obd4j.core.prefetch.TraceRecorder;
import io.obd4j.core.prefetch.TraceRecording;
import java.io.IOException;
import java.nio.ByteBuffer;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What trace recording adds to a layer read: 4 KiB reads from an in-memory layer, plain or through
 * {@link RecordingSource}, from 2 threads appending to one recorder. Each measured batch is 200k reads per thread
 * into a fresh recorder of overlaybd-sized capacity ({@link TraceRecording#MAX_RECORDS}), so every append really
 * stores a record (a full recorder would only count drops).
 *
 * <pre>java -jar bench/target/benchmarks.jar TraceRecordBenchmark -f 1 -wi 3 -i 10</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
@Fork(1)
@Warmup(iterations = 3, batchSize = TraceRecordBenchmark.BATCH)
@Measurement(iterations = 10, batchSize = TraceRecordBenchmark.BATCH)
public class TraceRecordBenchmark {
    static final int BATCH = 200_000;
    private static final int LAYER_BYTES = 64 << 20;

    @Param({"false", "true"})
    boolean recording;

    private final byte[] layer = new byte[LAYER_BYTES];
    private BlockSource source;

    /** Per-thread read buffer and position. */
    @State(Scope.Thread)
    public static class Reader {
        final ByteBuffer buf = ByteBuffer.allocate(4096);
        long offset;
    }

    @Setup(Level.Iteration)
    public void freshRecorder() {
        BlockSource plain = new MemorySource(layer);
        source = recording ? new RecordingSource(plain, 0, new TraceRecorder(TraceRecording.MAX_RECORDS)) : plain;
    }

    @Benchmark
    public int read4k(Reader r) throws IOException {
        r.buf.clear();
        r.offset = (r.offset + 4096 * 7) % LAYER_BYTES;
        return source.read(r.buf, r.offset);
    }

    /** A layer held in memory, so the benchmark measures the wrapper rather than I/O. */
    static final class MemorySource implements BlockSource {
        private final byte[] data;

        MemorySource(byte[] data) {
            this.data = data;
        }

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public long size() {
            return data.length;
        }

        @Override
        public int read(ByteBuffer dst, long offset) {
            int n = BlockSource.readLength(this, data.length, dst, offset);
            if (n > 0) {
                dst.put(data, (int) offset, n);
            }
            return n;
        }

        @Override
        public void close() {
        }
    }
}
