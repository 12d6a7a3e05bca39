package io.obd4j.bench;

import io.obd4j.core.audit.AuditLog;
import io.obd4j.registry.BlobPusher;
import io.obd4j.registry.BlobRangeReader;
import io.obd4j.registry.BlobUrl;
import io.obd4j.registry.Digest;
import io.obd4j.registry.RegistryClient;
import io.obd4j.registry.Repository;
import io.obd4j.registry.download.BackgroundDownloader;
import io.obd4j.registry.download.DownloadOptions;
import io.obd4j.registry.download.DownloadProgress;
import io.obd4j.registry.download.LayerDownload;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Whole-blob background download against {@code curl -o} from the same loopback docker-registry, interleaved
 * (the order alternates each round), then the download limited to a few {@code maxMBps} values. Not JMH: one
 * operation is seconds of I/O, and curl runs as a child process under the same nice level as this JVM.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.obd4j.bench.BackgroundDownloadComparison
 * [sizeMiB=512] [rounds=3] [rates=20,50,100] [blockSize=262144]} with {@code -Dobd4j.shared=/path/to/shared}.
 */
public final class BackgroundDownloadComparison {
    private BackgroundDownloadComparison() {
    }

    public static void main(String[] args) throws Exception {
        long size = (args.length > 0 ? Long.parseLong(args[0]) : 512) << 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String rates = args.length > 2 ? args[2] : "20,50,100";
        int blockSize = args.length > 3 ? Integer.parseInt(args[3]) : 262144;
        Path tmp = Files.createTempDirectory("obd4j-bench-download");
        try (LoopbackRegistry registry = new LoopbackRegistry(tmp.resolve("peers"));
                RegistryClient client = RegistryClient.builder().build()) {
            Path blob = tmp.resolve("blob");
            Digest digest = writeRandom(blob, size);
            Repository repo = Repository.of(registry.url, "bench/download");
            new BlobPusher(client).pushMonolithic(repo, digest, blob);
            Files.delete(blob);
            BlobUrl url = new BlobUrl(repo, digest);
            System.out.printf(Locale.ROOT, "blob %d MiB, blockSize %d, %d rounds, nice %s%n", size >> 20,
                    blockSize, rounds, niceLevel());
            curl(url, tmp, size);
            download(client, url, size, tmp, 0, blockSize);
            System.out.println("(one warm-up pair done: page cache and JIT)");
            System.out.println("| round | curl MiB/s | obd4j MiB/s | obd4j/curl | curl CPU s/GiB | obd4j CPU s/GiB "
                    + "| registry CPU s/GiB serving curl | serving obd4j |");
            List<Double> ratios = new ArrayList<>();
            double gib = size / 1073741824.0;
            for (int r = 0; r < rounds; r++) {
                Run curl;
                Run ours;
                double curlReg;
                double oursReg;
                double c0 = registry.cpuSeconds();
                if (r % 2 == 0) {
                    curl = curl(url, tmp, size);
                    double c1 = registry.cpuSeconds();
                    ours = download(client, url, size, tmp, 0, blockSize);
                    curlReg = (c1 - c0) / gib;
                    oursReg = (registry.cpuSeconds() - c1) / gib;
                } else {
                    ours = download(client, url, size, tmp, 0, blockSize);
                    double c1 = registry.cpuSeconds();
                    curl = curl(url, tmp, size);
                    oursReg = (c1 - c0) / gib;
                    curlReg = (registry.cpuSeconds() - c1) / gib;
                }
                ratios.add(ours.mibPerSec / curl.mibPerSec);
                System.out.printf(Locale.ROOT, "| %d%s | %.1f | %.1f | %.0f%% | %.2f | %.2f | %.2f | %.2f |%n", r + 1,
                        r % 2 == 0 ? " (curl first)" : " (obd4j first)", curl.mibPerSec, ours.mibPerSec,
                        100 * ours.mibPerSec / curl.mibPerSec, curl.cpuPerGib, ours.cpuPerGib, curlReg, oursReg);
            }
            ratios.sort(null);
            if (!ratios.isEmpty()) {
                System.out.printf(Locale.ROOT, "median obd4j/curl: %.0f%%%n", 100 * ratios.get(ratios.size() / 2));
            }
            Run sha = sha256Alone(size);
            System.out.printf(Locale.ROOT, "sha256 alone, one thread, bytes in memory: %.1f MiB/s, %.2f CPU s/GiB "
                    + "(the verified download's ceiling; curl does not hash)%n", sha.mibPerSec, sha.cpuPerGib);
            for (String rate : rates.split(",")) {
                if (rate.isBlank()) {
                    continue;
                }
                int mbps = Integer.parseInt(rate.trim());
                double got = download(client, url, size, tmp, mbps, blockSize).mibPerSec;
                System.out.printf(Locale.ROOT, "| maxMBps %d | obd4j %.1f MiB/s | %.1f%% of the limit |%n", mbps, got,
                        100 * got / mbps);
            }
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Throughput over wall time, and CPU seconds spent per GiB. */
    static final class Run {
        final double mibPerSec;
        final double cpuPerGib;

        Run(long size, double wallSecs, double cpuSecs) {
            this.mibPerSec = size / 1048576.0 / wallSecs;
            this.cpuPerGib = cpuSecs / (size / 1073741824.0);
        }
    }

    /**
     * One background download of the whole blob (sha256 on the fly, fsync, rename) over its wall time; CPU is the
     * whole JVM's (HTTP client, hashing, JIT, GC).
     */
    static Run download(RegistryClient client, BlobUrl url, long size, Path tmp, int maxMBps, int blockSize)
            throws Exception {
        Path dir = Files.createTempDirectory(tmp, "dl");
        LayerDownload l = new LayerDownload(dir, url.digest(), size, BlobRangeReader.open(client, url, size), null);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long jit0 = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long t0 = System.nanoTime();
        BackgroundDownloader d = new BackgroundDownloader(List.of(l), new DownloadOptions(Duration.ZERO,
                Duration.ZERO, maxMBps, 1, blockSize), AuditLog.disabled(), "bench").start();
        if (!d.await(600_000) || l.progress().state() != DownloadProgress.State.DONE) {
            throw new IllegalStateException("download did not finish: " + l.progress());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        if (Boolean.getBoolean("obd4j.bench.jit")) {
            System.out.printf(Locale.ROOT, "  (JIT compiling during this download: %d ms)%n",
                    java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0);
        }
        Files.delete(dir.resolve(LayerDownload.COMMIT));
        Files.delete(dir);
        return new Run(size, secs, cpu);
    }

    /** {@code curl -s -o <file> <url>} under {@code /usr/bin/time}: curl's own {@code time_total}, user+sys CPU. */
    static Run curl(BlobUrl url, Path tmp, long size) throws IOException, InterruptedException {
        Path out = tmp.resolve("curl.out");
        Process p = new ProcessBuilder("/usr/bin/time", "-f", "%U %S", "curl", "-s", "-f", "-o", out.toString(),
                "-w", "%{time_total} %{size_download}\n", url.toString()).redirectErrorStream(true).start();
        String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split("\n");
        if (p.waitFor() != 0 || lines.length < 2) {
            throw new IOException("curl failed: " + String.join(" / ", lines));
        }
        String[] w = lines[0].trim().split(" ");
        String[] cpu = lines[lines.length - 1].trim().split(" ");
        if (Long.parseLong(w[1]) != size) {
            throw new IOException("curl fetched " + w[1] + " bytes, expected " + size);
        }
        Files.delete(out);
        return new Run(size, Double.parseDouble(w[0]), Double.parseDouble(cpu[0]) + Double.parseDouble(cpu[1]));
    }

    /** SHA-256 over {@code size} bytes of one 256 KiB direct buffer, as the download's hashing thread does it. */
    static Run sha256Alone(long size) throws Exception {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(256 * 1024);
        buf.put(new byte[buf.capacity()]).flip();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (long done = 0; done < size; done += buf.capacity()) {
            md.update(buf.duplicate());
        }
        md.digest();
        return new Run(size, (System.nanoTime() - t0) / 1e9, (threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
    }

    private static Digest writeRandom(Path file, long size) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        SplittableRandom rnd = new SplittableRandom(42);
        byte[] chunk = new byte[8 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += chunk.length) {
                rnd.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, size - done);
                out.write(chunk, 0, n);
                md.update(chunk, 0, n);
            }
        }
        return Digest.ofSha256(md.digest());
    }

    private static String niceLevel() {
        try {
            String[] stat = Files.readString(Path.of("/proc/self/stat")).split(" ");
            return stat[18];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
