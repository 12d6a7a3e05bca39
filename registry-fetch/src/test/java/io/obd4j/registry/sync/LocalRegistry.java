package io.obd4j.registry.sync;

import io.obd4j.registry.RegistryPeer;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code docker-registry} run directly with its own config file (not through shared/tools/registry.sh,
 * whose stop deletes the data): so a test can SIGKILL it and start it again on the same port and storage. Its
 * access log (combined format, one line per request) is what the tests count transfers with.
 */
final class LocalRegistry implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final Pattern ACCESS = Pattern.compile("\"([A-Z]+) (\\S+) HTTP/[0-9.]+\" (\\d{3}) (\\d+|-)");

    private final Path dir;
    private final int port;
    private Process process;

    /** One request as the access log shows it. */
    record Access(String method, String path, int status, long bytes) {
        boolean isBlobRead() {
            return "GET".equals(method) && path.contains("/blobs/sha256:");
        }

        boolean isUpload() {
            return path.contains("/blobs/uploads/") || "PUT".equals(method) || "PATCH".equals(method);
        }
    }

    private LocalRegistry(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static LocalRegistry start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("data"));
        LocalRegistry r = new LocalRegistry(dir, RegistryPeer.freePort());
        Files.writeString(dir.resolve("config.yml"), "version: 0.1\n"
                + "log: {level: warn}\n"
                + "storage:\n  filesystem: {rootdirectory: " + dir.resolve("data") + "}\n"
                + "  delete: {enabled: true}\n"
                + "http:\n  addr: 127.0.0.1:" + r.port + "\n  secret: obd4j-sync-test\n");
        r.start();
        return r;
    }

    /** Starts (or restarts after {@link #kill}) the process on the same port and storage. */
    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY.toString(), "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("registry.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited with " + process.exitValue() + ": " + log());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) url().resolve("/v2/").toURL().openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        kill();
        throw new IOException("docker-registry did not answer /v2/ within 20 s: " + log());
    }

    /** SIGKILL: no graceful shutdown, uploads in progress are cut. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    String hostPort() {
        return "127.0.0.1:" + port;
    }

    String log() throws IOException {
        Path log = dir.resolve("registry.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** The requests logged so far (call before and after a run and compare). */
    List<Access> accessLog() throws IOException {
        List<Access> out = new ArrayList<>();
        for (String line : log().split("\n")) {
            Matcher m = ACCESS.matcher(line);
            if (m.find()) {
                out.add(new Access(m.group(1), m.group(2), Integer.parseInt(m.group(3)),
                        "-".equals(m.group(4)) ? 0 : Long.parseLong(m.group(4))));
            }
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
