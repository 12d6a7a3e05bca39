package io.obd4j.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obd4j.daemon.Main;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code obd4j daemon} in a child JVM (as systemd runs it) with HTTP helpers for its API and exporter. */
final class DaemonChild implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path output;
    final String api;
    final String metrics;

    private DaemonChild(Process process, Path output, String api, String metrics) {
        this.process = process;
        this.output = output;
        this.api = api;
        this.metrics = metrics;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts the daemon on {@code config} and waits until {@code /health} answers. */
    static DaemonChild start(Path config, int apiPort, int metricsPort, Path output) throws Exception {
        return start(config, apiPort, metricsPort, output, Map.of());
    }

    /** Starts the daemon with {@code env} added to its environment. */
    static DaemonChild start(Path config, int apiPort, int metricsPort, Path output, Map<String, String> env)
            throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "daemon", "--config",
                config.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        DaemonChild child = new DaemonChild(p, output, "http://127.0.0.1:" + apiPort,
                "http://127.0.0.1:" + metricsPort + "/metrics");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (child.status("GET", "/health") != 200) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("daemon did not come up:\n" + child.output());
            }
            Thread.sleep(100);
        }
        return child;
    }

    HttpResponse<String> send(String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, api + path, body);
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = call("GET", path, null);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private int status(String method, String path) {
        try {
            return call(method, path, null).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then the exit code (or -1 after 60 s). */
    int terminate() throws InterruptedException {
        process.destroy();
        return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** SIGKILL (kill -9), and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
