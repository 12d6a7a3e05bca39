package io.obd4j.daemon;

import io.obd4j.core.metrics.PrometheusText;
import io.obd4j.nativeio.UnixDatagramSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon as systemd runs it: a child JVM started from the sample config on free loopback ports, READY=1 on
 * $NOTIFY_SOCKET, SIGHUP reopens the log, SIGTERM drains and exits 0.
 */
class DaemonProcessTest {
    private static final Path SAMPLE = Path.of("../etc/overlaybd/overlaybd.json");

    @TempDir
    Path dir;
    private Process child;

    @AfterEach
    void kill() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String get(String url) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void runsFromTheSampleConfigNotifiesSystemdReopensLogsOnHupAndExitsZeroOnTerm() throws Exception {
        int apiPort = freePort();
        int metricsPort = freePort();
        Path log = dir.resolve("obd4j.log");
        String notifyAddress = dir.resolve("notify.sock").toString();
        try (UnixDatagramSocket systemd = UnixDatagramSocket.open()) {
            systemd.bind(notifyAddress);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "daemon", "--config", SAMPLE.toString(), "--service-address", "http://127.0.0.1:" + apiPort,
                    "--exporter-port", Integer.toString(metricsPort), "--exporter-address", "127.0.0.1",
                    "--log-path", log.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.txt").toFile());
            pb.environment().put("NOTIFY_SOCKET", notifyAddress);
            child = pb.start();

            String api = "http://127.0.0.1:" + apiPort;
            await("/health", () -> get(api + "/health") != null);
            assertThat(get(api + "/health")).contains("\"status\":\"ok\"");
            ByteBuffer buf = ByteBuffer.allocateDirect(4096);
            await("READY=1", () -> receive(systemd, buf));
            buf.flip();
            String ready = StandardCharsets.UTF_8.decode(buf).toString();
            // the sample enables TCMU; this machine has no target_core_user, so it reports itself unavailable
            assertThat(ready).startsWith("READY=1\nSTATUS=0 devices; tcmu: ").contains("; api /127.0.0.1:" + apiPort);

            String metrics = get("http://127.0.0.1:" + metricsPort + "/metrics");
            assertThat(PrometheusText.values(metrics)).containsKey("OverlayBD_Count{node=download, type=}");

            Files.move(log, dir.resolve("obd4j.log.rotated"));
            new ProcessBuilder("kill", "-HUP", Long.toString(child.pid())).start().waitFor();
            await("reopened log", () -> read(log).contains("log file reopened"));

            child.destroy(); // SIGTERM
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(read(dir.resolve("stdout.txt"))).isZero();
            assertThat(read(log)).contains("SIGTERM received").contains("obd4j stopped");
            buf.clear();
            await("STOPPING=1", () -> receive(systemd, buf));
            buf.flip();
            assertThat(StandardCharsets.UTF_8.decode(buf).toString()).isEqualTo("STOPPING=1");
        }
    }

    private static boolean receive(UnixDatagramSocket socket, ByteBuffer buf) {
        try {
            return socket.receive(buf, false) > 0;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
