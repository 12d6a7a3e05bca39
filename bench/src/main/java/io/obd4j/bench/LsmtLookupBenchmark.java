package io.obd4j.bench;

import io.obd4j.core.format.lsmt.LsmtIndex;
import io.obd4j.core.format.lsmt.MappingVisitor;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Read-only index lookups ({@link LsmtIndex#lookup}, one 4 KiB query = 8 sectors, trimmed records visited) at
 * random offsets, one thread. Compare with overlaybd's 23.1 M/s (129 entries), 12.5 M/s (48.8k merged), 0.76 s per
 * 1 M lookups (891k entries, {@code Perf.*}).
 *
 * <pre>java -jar bench/target/benchmarks.jar LsmtLookupBenchmark -f 1 -wi 2 -i 3 -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class LsmtLookupBenchmark {
    private static final int QUERIES = 1 << 16;

    @Param({"1000", "10000", "100000", "1000000"})
    int segments;

    private LsmtIndex index;
    private final long[] queries = new long[QUERIES];
    private final Sink sink = new Sink();
    private int next;

    /** Accumulates what it visits so the JIT cannot drop the lookup; allocated once. */
    static final class Sink implements MappingVisitor {
        long acc;

        @Override
        public void visit(long offset, int length, long moffset, boolean zeroed, int tag) {
            acc += offset ^ moffset + length;
        }
    }

    @Setup(Level.Trial)
    public void build() {
        SplittableRandom rnd = new SplittableRandom(42);
        LsmtIndex.Builder b = LsmtIndex.builder(segments);
        long pos = 0;
        long moffset = 8;
        for (int i = 0; i < segments; i++) {
            pos += rnd.nextInt(4) == 0 ? 0 : 8L * rnd.nextInt(1, 64);
            int len = 8 * rnd.nextInt(1, 256);
            b.add(pos, len, moffset, rnd.nextInt(10) == 0, 0);
            pos += len;
            moffset += len;
        }
        index = b.build();
        for (int i = 0; i < QUERIES; i++) {
            queries[i] = rnd.nextLong(pos) & ~7L;
        }
    }

    /** One lookup of 8 sectors at a random offset, visiting the trimmed records. */
    @Benchmark
    public long lookup() throws IOException {
        long q = queries[next++ & (QUERIES - 1)];
        index.lookup(q, 8, sink);
        return sink.acc;
    }

    /** Only the search (first record ending after the offset). */
    @Benchmark
    public int search() {
        return index.firstEndingAfter(queries[next++ & (QUERIES - 1)]);
    }
}
