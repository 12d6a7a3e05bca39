package io.obd4j.bench;

import io.obd4j.core.format.zfile.CompressionAlgorithm;
import io.obd4j.core.format.zfile.ZFileOptions;
import io.obd4j.core.format.zfile.ZFileReader;
import io.obd4j.core.format.zfile.ZFileWriter;
import io.obd4j.core.io.LocalFileSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * Reads through {@link ZFileReader} from a page-cached local ZFile of ~256 MiB of layer-like data (CRC on), one
 * thread: random 4 KiB reads and sequential 1 MiB reads, as in the C++ table of shared/fixtures/overlaybd/README.md.
 * The ZFile is built once per (algorithm, block size) under {@code obd4j.bench.dir} (default java.io.tmpdir).
 *
 * <pre>java -jar bench/target/benchmarks.jar ZFileReadBenchmark -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ZFileReadBenchmark {
    static final long SIZE = 256L << 20;

    @Param({"lz4", "zstd"})
    public String algo;

    @Param({"4096", "65536"})
    public int blockSize;

    private ZFileReader reader;
    private ByteBuffer small;
    private ByteBuffer big;
    private SplittableRandom rnd;
    private long sequential;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        Path dir = Path.of(System.getProperty("obd4j.bench.dir", System.getProperty("java.io.tmpdir")));
        Path file = dir.resolve("obd4j-bench-" + algo + "-" + blockSize + ".zfile");
        if (!Files.exists(file)) {
            Path part = dir.resolve(file.getFileName() + ".part");
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 ZFileWriter w = ZFileWriter.create(ch, part.toString(),
                         new ZFileOptions(CompressionAlgorithm.parse(algo), blockSize, true, true))) {
                byte[] chunk = new byte[1 << 20];
                for (long off = 0; off < SIZE; off += chunk.length) {
                    fill(chunk, off);
                    w.write(chunk, 0, chunk.length);
                }
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        }
        reader = ZFileReader.open(LocalFileSource.open(file));
        small = ByteBuffer.allocateDirect(4096);
        big = ByteBuffer.allocateDirect(1 << 20);
        rnd = new SplittableRandom(42);
        for (long off = 0; off < reader.size(); off += big.capacity()) {
            big.clear();
            reader.read(big, off);
        }
    }

    /** Per 4 KiB: zeros, text, an 8-byte pattern, or half random bytes (about 2:1 with lz4). */
    static void fill(byte[] chunk, long base) {
        SplittableRandom r = new SplittableRandom(base);
        byte[] words = "overlaybd zfile lsmt layer block device container image registry lazy fetch\n"
                .getBytes(StandardCharsets.US_ASCII);
        for (int off = 0; off < chunk.length; off += 4096) {
            int kind = r.nextInt(4);
            long v = r.nextLong();
            for (int i = off; i < off + 4096; i++) {
                chunk[i] = switch (kind) {
                    case 0 -> 0;
                    case 1 -> words[(i + (int) (base % 97)) % words.length];
                    case 2 -> (byte) (v >>> (8 * (i & 7)));
                    default -> (i & 1) == 0 ? (byte) r.nextInt() : (byte) ' ';
                };
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        reader.close();
    }

    @Benchmark
    public int random4k() throws IOException {
        small.clear();
        return reader.read(small, (long) rnd.nextInt((int) (reader.size() >>> 12)) << 12);
    }

    @Benchmark
    public int sequential1m() throws IOException {
        big.clear();
        int n = reader.read(big, sequential);
        sequential += big.capacity();
        if (sequential >= reader.size()) {
            sequential = 0;
        }
        return n;
    }
}
