package io.obd4j.daemon.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.testing.Fixtures;
import io.obd4j.daemon.Main;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside the test VM ({@link DaemonTcmuKernelIT}) as root: the real {@code obd4j daemon} with TCMU and its API
 * on loopback, {@code obd4j preflight}, {@code obd4j attach --config} of fixture stack3 (whole-disk sha256 against
 * MANIFEST.json, resultFile {@code success}), {@code obd4j detach}, and SIGTERM ⇒ exit 0. Every obd4j command is a
 * child JVM on this class path, as an operator would run it. Prints one line per check and {@code ALL PASS}.
 */
public final class DaemonTcmuScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "http://127.0.0.1:9862";
    private static final String ID = "4501";
    private static int failures;

    private DaemonTcmuScenario() {
    }

    /** @param args the sample global config (etc/overlaybd/overlaybd.json) */
    public static void main(String[] args) {
        int status;
        try {
            run(Path.of(args[0]));
            status = failures == 0 ? 0 : 1;
            System.out.println(status == 0 ? "ALL PASS" : failures + " FAILED");
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            check("scenario ran to the end", false, e.toString());
            status = 1;
        }
        System.out.flush();
        Runtime.getRuntime().halt(status);
    }

    private static void run(Path sample) throws Exception {
        Path work = Files.createTempDirectory("obd4j-daemon-it");
        Path global = globalConfig(sample, work);
        Path log = work.resolve("obd4j.log");
        Process daemon = new ProcessBuilder(java("-Xmx256m", "daemon", "--config", global.toString()))
                .redirectErrorStream(true).redirectOutput(work.resolve("daemon.out").toFile()).start();
        try {
            awaitHealth(daemon, work);
            check("daemon API answers", true, "");
            Cmd preflight = obd4j("preflight", "--config", global.toString());
            preflight.out().lines().forEach(l -> System.out.println("  " + l));
            check("preflight passes", preflight.exit() == 0, preflight.err());
            check("preflight sees the daemon's TCMU",
                    preflight.out().contains("ok   obd4j daemon answers on its API (" + API + ", tcmu: 0 devices)"),
                    "");

            JsonNode expected = Fixtures.fixture("stack3").get("expected");
            Path result = work.resolve("init-debug.log");
            Path config = stack3Config(work, result);
            Cmd attach = obd4j("attach", "--config", config.toString(), "--id", ID);
            String dev = attach.out().strip();
            System.out.println("  attach printed '" + dev + "'" + (attach.err().isBlank() ? "" : "; " + attach.err()));
            check("attach exits 0 and prints /dev/sdX", attach.exit() == 0 && dev.matches("/dev/sd[a-z]+"),
                    "exit " + attach.exit());
            if (attach.exit() != 0) {
                throw new IOException("attach failed; daemon log:\n" + read(log));
            }
            check("resultFile says success", read(result).equals("success"), "'" + read(result) + "'");
            String sd = dev.substring("/dev/".length());
            long vsize = expected.get("vsize").asLong();
            check("disk size", read(Path.of("/sys/block/" + sd + "/size")).equals(Long.toString(vsize / 512)), "");
            check("disk is write-protected", read(Path.of("/sys/block/" + sd + "/ro")).equals("1"), "");
            String sha = sha256(Path.of(dev), vsize);
            check("whole-disk sha256 is MANIFEST's stack3", sha.equals(expected.get("sha256").asText()), sha);

            Cmd detach = obd4j("detach", "--id", ID);
            check("detach exits 0", detach.exit() == 0, detach.err());
            check("configfs device removed",
                    !Files.exists(Path.of("/sys/kernel/config/target/core/user_999999999/dev_" + ID)), "");
            check("disk gone", awaitGone(Path.of("/sys/block/" + sd)), "");
            Cmd again = obd4j("detach", "--id", ID);
            check("second detach fails clearly", again.exit() == 1 && again.err().contains("no device with id " + ID),
                    again.err());

            daemon.destroy();
            boolean exited = daemon.waitFor(120, TimeUnit.SECONDS);
            check("daemon exits 0 on SIGTERM", exited && daemon.exitValue() == 0,
                    exited ? "exit " + daemon.exitValue() : "still running");
            check("daemon log has no errors", !read(log).contains(" ERROR "), "");
        } finally {
            if (failures > 0) {
                System.out.println("--- daemon output:\n" + read(work.resolve("daemon.out")));
                System.out.println("--- daemon log:\n" + read(log));
            }
            daemon.destroyForcibly();
        }
    }

    /** The sample config with the API on loopback, the log in {@code work} and TCMU on. */
    private static Path globalConfig(Path sample, Path work) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(sample.toFile());
        root.putObject("serviceConfig").put("enable", true).put("address", API);
        root.withObjectProperty("logConfig").put("logPath", work.resolve("obd4j.log").toString());
        root.withObjectProperty("obd4j").withObjectProperty("tcmu").put("enable", true);
        root.put("auditPath", work.resolve("audit.log").toString());
        Path file = work.resolve("overlaybd.json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return file;
    }

    /** A read-only config.v1.json whose lowers are stack3's layers, bottom first, as the snapshotter writes it. */
    private static Path stack3Config(Path work, Path result) throws IOException {
        ObjectNode config = JSON.createObjectNode();
        config.put("repoBlobUrl", "");
        ArrayNode lowers = config.putArray("lowers");
        for (JsonNode layer : Fixtures.fixture("stack3").get("layers")) {
            lowers.addObject().put("file", Fixtures.overlaybd().resolve(layer.asText()).toString());
        }
        config.putObject("upper");
        config.put("resultFile", result.toString());
        Path file = work.resolve("config.v1.json");
        Files.writeString(file, JSON.writeValueAsString(config));
        Files.writeString(result, "");
        return file;
    }

    private static void awaitHealth(Process daemon, Path work) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(API + "/health"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("daemon did not come up:\n" + read(work.resolve("daemon.out")));
            }
            Thread.sleep(200);
        }
    }

    private static boolean awaitGone(Path p) throws InterruptedException {
        for (int i = 0; i < 600 && Files.exists(p); i++) {
            Thread.sleep(100);
        }
        return !Files.exists(p);
    }

    /** Exit code and output of one {@code obd4j} run. */
    private record Cmd(int exit, String out, String err) {
    }

    private static Cmd obd4j(String... args) throws Exception {
        Path out = Files.createTempFile("obd4j", ".out");
        Path err = Files.createTempFile("obd4j", ".err");
        List<String> cmd = java("-Xmx128m", args);
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", args) + " did not finish in 600 s");
        }
        return new Cmd(p.exitValue(), read(out), read(err));
    }

    private static List<String> java(String heap, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), heap,
                "-Dobd4j.shared=" + Fixtures.shared(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void check(String what, boolean ok, String detail) {
        System.out.println((ok ? "ok - " : "not ok - ") + what + (ok || detail.isEmpty() ? "" : " (" + detail + ")"));
        if (!ok) {
            failures++;
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p).strip() : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String sha256(Path dev, long length) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
        long pos = 0;
        try (FileChannel ch = FileChannel.open(dev, StandardOpenOption.READ)) {
            while (pos < length) {
                int n = ch.read(b.clear().limit((int) Math.min(b.capacity(), length - pos)), pos);
                if (n <= 0) {
                    break;
                }
                pos += n;
                md.update(b.flip());
            }
        }
        if (pos != length) {
            throw new IOException(dev + ": ended at byte " + pos + ", expected " + length);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
