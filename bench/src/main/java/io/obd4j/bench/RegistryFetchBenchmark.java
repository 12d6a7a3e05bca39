package io.obd4j.bench;

import io.obd4j.core.audit.AuditLog;
import io.obd4j.registry.BlobPusher;
import io.obd4j.registry.BlobRangeReader;
import io.obd4j.registry.BlobUrl;
import io.obd4j.registry.Digest;
import io.obd4j.registry.RegistryClient;
import io.obd4j.registry.RegistryStats;
import io.obd4j.registry.Repository;
import io.obd4j.registry.cache.CachePool;
import io.obd4j.registry.cache.CachedBlobSource;
import io.obd4j.registry.download.BackgroundDownloader;
import io.obd4j.registry.download.DownloadOptions;
import io.obd4j.registry.download.LayerDownload;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Lazy reads from a real loopback docker-registry: a cold 4 KiB ranged GET (one round trip), a 4 KiB cache hit,
 * and the background download of a whole 64 MiB blob (compare with {@code curl} on the same registry).
 * Requests and bytes per operation are printed at tear-down.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RegistryFetchBenchmark {
    static final int BLOB = 64 << 20;

    private Path tmp;
    private LoopbackRegistry registry;
    private RegistryClient client;
    private final RegistryStats stats = new RegistryStats();
    private BlobUrl url;
    private BlobRangeReader reader;
    private CachedBlobSource cached;
    private final SplittableRandom rnd = new SplittableRandom(1);
    private final ByteBuffer buf = ByteBuffer.allocate(4096);
    private long ops;
    private long requestsAtStart;

    /** Background download block size: overlaybd's default 256 KiB, and 4 MiB. */
    @Param({"262144", "4194304"})
    public int blockSize;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        tmp = Files.createTempDirectory("obd4j-bench-registry");
        registry = new LoopbackRegistry(tmp.resolve("peers"));
        client = RegistryClient.builder().stats(stats).build();
        byte[] data = new byte[BLOB];
        new SplittableRandom(42).nextBytes(data);
        Path blob = tmp.resolve("blob");
        Files.write(blob, data);
        Digest d = Digest.sha256(data);
        Repository repo = Repository.of(registry.url, "bench/blob");
        new BlobPusher(client).pushMonolithic(repo, d, blob);
        url = new BlobUrl(repo, d);
        reader = BlobRangeReader.open(client, url, BLOB);
        CachePool pool = CachePool.open(tmp.resolve("cache"), 1L << 30, 262144, stats, AuditLog.disabled());
        cached = new CachedBlobSource(BlobRangeReader.open(client, url, BLOB), d.toString(), pool);
        for (long off = 0; off < 16 << 20; off += 262144) {
            buf.clear();
            cached.read(buf, off);
        }
        requestsAtStart = stats.requests();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public int coldRangeRead4k() throws Exception {
        buf.clear();
        ops++;
        return reader.read(buf, rnd.nextLong(BLOB / 4096) * 4096);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public int cacheHitRead4k() throws Exception {
        buf.clear();
        return cached.read(buf, rnd.nextLong((16 << 20) / 4096) * 4096);
    }

    /** Whole-blob background download (unthrottled, sha256 verified); SingleShot time = one blob. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long backgroundDownload64MiB() throws Exception {
        Path dir = Files.createTempDirectory(tmp, "dl");
        LayerDownload l = new LayerDownload(dir, url.digest(), BLOB, BlobRangeReader.open(client, url, BLOB), null);
        BackgroundDownloader d = new BackgroundDownloader(List.of(l), new DownloadOptions(Duration.ZERO,
                Duration.ZERO, 0, 1, blockSize), AuditLog.disabled(), "bench").start();
        d.await(600_000);
        if (l.progress().bytesDone() != BLOB) {
            throw new IllegalStateException("download incomplete: " + l.progress());
        }
        deleteTree(dir);
        return l.progress().bytesDone();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        System.out.println();
        System.out.println("requests during measurement: " + (stats.requests() - requestsAtStart) + ", cold reads "
                + ops + ", retries " + stats.retries() + ", cache hits " + stats.cacheHits() + ", misses "
                + stats.cacheMisses());
        for (int i = 0; i < 3; i++) {
            Process p = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{time_total}", url.toString())
                    .redirectErrorStream(true).start();
            String t = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            p.waitFor();
            System.out.printf("curl whole blob on the same registry: %s s = %.1f MiB/s%n", t,
                    BLOB / 1048576.0 / Double.parseDouble(t.trim()));
        }
        client.close();
        registry.close();
        deleteTree(tmp);
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
