package io.obd4j.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's memory target: one device with 4 sessions under load in a JVM with {@code -Xmx128m} has no GC pause
 * over 50 ms. The target runs in a child JVM ({@link IscsiTargetMain}, default collector) with a GC log; four
 * initiator processes load it at once (three libiscsi iscsi-perf readers at QD32/QD16/QD4 with 4 KiB, 64 KiB and
 * 1 MiB requests, and one qemu-img writer when qemu has its iscsi driver, else a fourth reader); then the log's
 * longest pause is checked. Not a throughput test: nothing here depends on how fast the load runs.
 */
@Timeout(180)
class GcPauseTest {
    private static final long LUN_SIZE = 128L * 1024 * 1024;
    private static final int LOAD_SECONDS = 15;
    private static final double MAX_PAUSE_MS = 50;
    private static final Pattern PAUSE = Pattern.compile("\\bPause .* (\\d+(?:\\.\\d+)?)ms$");
    private static final String IQN = "iqn.2025-01.io.obd4j:gc";

    @TempDir
    Path dir;

    /** The longest stop-the-world pause of a unified JVM log ({@code -Xlog:gc}), in ms; 0 when none. */
    static double maxPauseMillis(List<String> gcLog) {
        double max = 0;
        for (String line : gcLog) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                max = Math.max(max, Double.parseDouble(m.group(1)));
            }
        }
        return max;
    }

    @Test
    void parsesPausesOfTheUnifiedGcLog() {
        assertThat(maxPauseMillis(List.of("[0.004s][info][gc] Using G1",
            "[1.201s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(128M) 3.456ms",
            "[2.201s][info][gc] GC(1) Pause Remark 20M->20M(128M) 51.020ms",
            "[2.301s][info][gc] GC(1) Concurrent Mark Cycle 120.5ms"))).isEqualTo(51.02);
    }

    @Test
    void fourSessionsUnderLoadIn128MiBHeapPauseLessThan50Ms() throws Exception {
        assumeTrue(Processes.available("iscsi-perf"), "libiscsi-bin is not installed");
        Path image = dir.resolve("lun.raw");
        Path writeSource = TestTargets.randomImage(dir, "source.raw", 32 << 20, 7);
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(LUN_SIZE);
        }
        Path gcLog = dir.resolve("gc.log");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process target = startTarget(port, image, gcLog);
        List<Process> load = new ArrayList<>();
        try {
            awaitPort(port, target);
            String url = "iscsi://127.0.0.1:" + port + "/" + IQN + "/0";
            load.add(perf(url, "a", 32, 8, true));
            load.add(perf(url, "b", 16, 128, true));
            load.add(perf(url, "c", 4, 2048, false));
            load.add(Processes.qemuHasIscsi() ? writer(url, writeSource) : perf(url, "d", 32, 8, true));
            for (Process p : load) {
                assertThat(p.waitFor(LOAD_SECONDS + 60, TimeUnit.SECONDS)).as("load process finished").isTrue();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.exitValue()).as(out).isZero();
                String[] lines = out.replace('\r', '\n').strip().split("\n");
                System.out.println("load: " + lines[lines.length - 1]);
            }
            assertThat(target.isAlive()).as("target survived the load").isTrue();
        } finally {
            load.forEach(Process::destroyForcibly);
            target.destroy();
            if (!target.waitFor(15, TimeUnit.SECONDS)) {
                target.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        List<String> log = Files.readAllLines(gcLog);
        assertThat(log).as("GC log").anyMatch(l -> l.contains("Using "));
        double max = maxPauseMillis(log);
        System.out.printf("GC: %d pauses, longest %.3f ms (%s)%n", log.stream().filter(l -> PAUSE.matcher(l).find())
            .count(), max, log.get(0));
        assertThat(max).as("longest GC pause (ms) in\n" + String.join("\n", log)).isLessThan(MAX_PAUSE_MS);
    }

    private Process startTarget(int port, Path image, Path gcLog) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-Xlog:gc:file=" + gcLog + ":uptime,level,tags",
            "-cp", System.getProperty("java.class.path"), IscsiTargetMain.class.getName(),
            "--port", Integer.toString(port), "--iqn", IQN, image.toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("target.log").toFile()).start();
    }

    private static void awaitPort(int port, Process target) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            assertThat(target.isAlive()).as("target JVM running").isTrue();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("target did not listen on port " + port);
    }

    private static Process perf(String url, String name, int qd, int blocks, boolean random) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("iscsi-perf", "-i", "iqn.2025-01.io.obd4j.test:gc-" + name,
            "-t", Integer.toString(LOAD_SECONDS), "-m", Integer.toString(qd), "-b", Integer.toString(blocks)));
        if (random) {
            cmd.add("-r");
        }
        cmd.add(url);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** qemu-img converts a 32 MiB file onto the LUN again and again until the load time is up. */
    private static Process writer(String url, Path source) throws IOException {
        String loop = "end=$((SECONDS + " + LOAD_SECONDS + ")); while [ $SECONDS -lt $end ]; do "
            + "qemu-img convert -n -f raw -O raw '" + source + "' '" + url + "' || exit 1; done";
        return new ProcessBuilder("bash", "-c", loop).redirectErrorStream(true).start();
    }
}
