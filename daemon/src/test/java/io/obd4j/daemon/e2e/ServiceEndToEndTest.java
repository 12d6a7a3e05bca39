package io.obd4j.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.OverlaybdConfig;
import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.metrics.Obd4jMetrics;
import io.obd4j.core.metrics.PrometheusText;
import io.obd4j.core.testing.Fixtures;
import io.obd4j.daemon.image.DeviceRegistry;
import io.obd4j.daemon.image.FormatImageOpener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service end to end with real peers: the daemon in a child JVM from the sample overlaybd.json (loopback ports),
 * the 3-layer fixture stack plus a writable upper exported over iSCSI through the API, read by qemu-img and libiscsi,
 * written by qemu-io while the live-snapshot call restacks the upper, scraped, stopped with SIGTERM and reopened.
 */
class ServiceEndToEndTest {
    private static final Path SAMPLE = Path.of("../etc/overlaybd/overlaybd.json");
    private static final int WRITE = 4096;
    private static final long WRITE_BASE = 8L << 20;
    private static final int SLOTS = 2048;

    @TempDir
    Path dir;

    @Test
    void exportsReadsWritesSnapshotsScrapesAndStopsWithEveryAcknowledgedWriteOnDisk() throws Exception {
        int apiPort = DaemonChild.freePort();
        int metricsPort = DaemonChild.freePort();
        int iscsiPort = DaemonChild.freePort();
        Path global = globalConfig(apiPort, metricsPort, iscsiPort);
        Path imageConfig = imageConfig();
        JsonNode fixture = Fixtures.fixture("stack3+rw").get("expected");

        try (DaemonChild daemon = DaemonChild.start(global, apiPort, metricsPort, dir.resolve("daemon.out"))) {
            HttpResponse<String> created = daemon.call("POST", "/v1/devices",
                    "{\"id\":\"e2e\",\"config\":\"" + imageConfig + "\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode device = DaemonChild.JSON.readTree(created.body());
            String url = device.at("/iscsi/url").asText();
            assertThat(url).isEqualTo("iscsi://127.0.0.1:" + iscsiPort + "/iqn.2025-01.io.obd4j:e2e/0");
            assertThat(Files.readString(dir.resolve("result"))).isEqualTo("success");

            byte[] image = convert(url, dir.resolve("before.raw"));
            assertThat(sha256(image)).isEqualTo(fixture.get("sha256").asText());
            assertThat(run("iscsi-inq", url)).contains("DIRECT_ACCESS");
            assertThat(run("iscsi-readcapacity16", url)).contains("Total size:" + fixture.get("vsize").asLong());

            List<Integer> slots = writeAcrossSnapshot(daemon, url);
            byte[] expected = applyWrites(image, slots);

            assertThat(convert(url, dir.resolve("after.raw"))).as("image read after the snapshot")
                    .isEqualTo(expected);
            JsonNode details = daemon.json("/v1/devices/e2e");
            assertThat(details.get("layers")).hasSize(4);
            assertThat(details.at("/io/writes").asLong()).isGreaterThanOrEqualTo(slots.size());
            assertThat(details.get("upper").asText()).isEqualTo(dir.resolve("upper2.data").toString());

            Map<String, Double> metrics = PrometheusText.values(daemon.send("GET", daemon.metrics, null).body());
            assertThat(metrics).containsKey("OverlayBD_Count{node=pread, type=}")
                    .containsEntry("obd4j_devices{frontend=iscsi}", 1.0)
                    .containsEntry("obd4j_hung_io{device=e2e}", 0.0)
                    .containsEntry("obd4j_iscsi_sessions{}", 0.0);
            assertThat(daemon.json("/health").at("/cache/misses").isNumber()).isTrue();

            exportInlineAndDelete(daemon, iscsiPort);

            assertThat(daemon.terminate()).as(daemon.output()).isZero();
            assertThat(Files.readString(dir.resolve("obd4j.log"))).contains("closed device e2e")
                    .contains("obd4j stopped");
            assertThat(reopen(global, imageConfig)).as("image reopened from the renamed config")
                    .isEqualTo(expected);
        }
    }

    /**
     * A writer thread keeps one qemu-io session writing 4 KiB blocks (pattern = write number), one after the other,
     * while the live snapshot restacks the upper: 32 acknowledged before the call, 32 more after its reply. Returns
     * the slot of each acknowledged write, in order.
     */
    private List<Integer> writeAcrossSnapshot(DaemonChild daemon, String url) throws Exception {
        Path next = snapshotConfig();
        List<Integer> slots = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        try (QemuIoSession writer = new QemuIoSession(url)) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        int slot = send(writer, i);
                        writer.awaitAcked(i + 1);
                        slots.add(slot);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.awaitAcked(32);
            HttpResponse<String> snap = daemon.call("POST", "/snapshot?dev_id=e2e&config=" + next, null);
            assertThat(snap.statusCode()).as(snap.body()).isEqualTo(200);
            assertThat(snap.body()).contains("Snapshot created successfully");
            writer.awaitAcked(writer.acked() + 32);
            stop.set(true);
            writing.get(120, TimeUnit.SECONDS);
            writer.send("flush");
            assertThat(writer.finish()).as(writer.transcript()).isZero();
            assertThat(writer.acked()).as(writer.transcript()).isEqualTo(slots.size());
        }
        return new ArrayList<>(slots);
    }

    private static int send(QemuIoSession writer, int i) throws IOException {
        int slot = (int) ((i * 7919L) % SLOTS);
        writer.send("write -P " + pattern(i) + " " + (WRITE_BASE + (long) slot * WRITE) + " " + WRITE);
        return slot;
    }

    private static int pattern(int i) {
        return i % 255 + 1;
    }

    private static byte[] applyWrites(byte[] image, List<Integer> slots) {
        byte[] out = image.clone();
        for (int i = 0; i < slots.size(); i++) {
            int off = (int) (WRITE_BASE + (long) slots.get(i) * WRITE);
            Arrays.fill(out, off, off + WRITE, (byte) pattern(i));
        }
        return out;
    }

    /** A second device from an inline config is listed by SendTargets until DELETE drains and closes it. */
    private void exportInlineAndDelete(DaemonChild daemon, int iscsiPort) throws Exception {
        ObjectNode body = DaemonChild.JSON.createObjectNode().put("id", "inline");
        var lowers = body.putObject("config").putArray("lowers");
        for (String l : List.of("stack-l1.zfile", "stack-l2.lsmt", "stack-l3.zfile")) {
            lowers.addObject().put("file", Fixtures.layer(l).toAbsolutePath().toString());
        }
        HttpResponse<String> created = daemon.call("POST", "/v1/devices", body.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String portal = "iscsi://127.0.0.1:" + iscsiPort;
        assertThat(run("iscsi-ls", portal)).contains("iqn.2025-01.io.obd4j:e2e", "iqn.2025-01.io.obd4j:inline");
        assertThat(run("iscsi-readcapacity16", portal + "/iqn.2025-01.io.obd4j:inline/0"))
                .contains("Total size:67108864");
        assertThat(daemon.call("DELETE", "/v1/devices/inline", null).statusCode()).isEqualTo(204);
        assertThat(daemon.call("GET", "/v1/devices/inline", null).statusCode()).isEqualTo(404);
        assertThat(run("iscsi-ls", portal)).contains("iqn.2025-01.io.obd4j:e2e").doesNotContain("inline");
        assertThat(daemon.call("DELETE", "/v1/devices/inline", null).statusCode()).isEqualTo(404);
    }

    /** The sample config with every path in the test directory and every listener on a free loopback port. */
    private Path globalConfig(int apiPort, int metricsPort, int iscsiPort) throws IOException {
        ObjectNode root = (ObjectNode) DaemonChild.JSON.readTree(SAMPLE.toFile());
        root.withObjectProperty("logConfig").put("logPath", dir.resolve("obd4j.log").toString());
        root.withObjectProperty("cacheConfig").put("cacheDir", dir.resolve("cache").toString());
        root.withObjectProperty("gzipCacheConfig").put("cacheDir", dir.resolve("gzip_cache").toString());
        root.withObjectProperty("credentialConfig").put("path", dir.resolve("cred.json").toString());
        root.put("auditPath", dir.resolve("audit.log").toString());
        root.withObjectProperty("serviceConfig").put("enable", true).put("address", "http://127.0.0.1:" + apiPort);
        root.withObjectProperty("exporterConfig").put("enable", true).put("port", metricsPort)
                .put("address", "127.0.0.1");
        root.withObjectProperty("obd4j").withObjectProperty("iscsi").put("enable", true).put("port", iscsiPort);
        Path p = dir.resolve("overlaybd.json");
        Files.writeString(p, root.toPrettyString());
        return p;
    }

    private Path imageConfig() throws IOException {
        Files.copy(Fixtures.layer("stack-upper.data"), dir.resolve("upper.data"));
        Files.copy(Fixtures.layer("stack-upper.index"), dir.resolve("upper.index"));
        return writeImageConfig("config.v1.json", List.of(), "upper");
    }

    /** The snapshotter's next config: the current upper data as the top lower, a fresh upper above it. */
    private Path snapshotConfig() throws IOException {
        try (RwLayer l = RwLayer.create(dir.resolve("upper2.data"), dir.resolve("upper2.index"),
                LayerInfo.of(64L << 20))) {
            l.flush();
        }
        return writeImageConfig("next.json", List.of(dir.resolve("upper.data").toString()), "upper2");
    }

    private Path writeImageConfig(String name, List<String> extraLowers, String upper) throws IOException {
        ObjectNode c = DaemonChild.JSON.createObjectNode();
        var lowers = c.putArray("lowers");
        for (String l : List.of("stack-l1.zfile", "stack-l2.lsmt", "stack-l3.zfile")) {
            lowers.addObject().put("file", Fixtures.layer(l).toAbsolutePath().toString());
        }
        extraLowers.forEach(l -> lowers.addObject().put("file", l));
        c.putObject("upper").put("index", dir.resolve(upper + ".index").toString())
                .put("data", dir.resolve(upper + ".data").toString());
        c.put("resultFile", dir.resolve("result").toString());
        Path p = dir.resolve(name);
        Files.writeString(p, c.toPrettyString());
        return p;
    }

    /** Opens the device again in this JVM, the way the daemon would after a restart, and reads all of it. */
    private static byte[] reopen(Path global, Path imageConfig) throws Exception {
        OverlaybdConfig cfg = ConfigLoader.parseGlobal(Files.readString(global), global.toString()).config();
        try (FormatImageOpener opener = new FormatImageOpener(cfg, AuditLog.disabled(), new Obd4jMetrics())) {
            DeviceRegistry registry = new DeviceRegistry(opener, cfg::download, Clock.systemUTC());
            registry.open(imageConfig, "reopen");
            BlockDevice d = registry.blockDevice("reopen").orElseThrow();
            ByteBuffer all = ByteBuffer.allocate((int) d.size());
            d.read(all, 0);
            registry.closeAll();
            return all.array();
        }
    }

    private byte[] convert(String url, Path out) throws Exception {
        run("qemu-img", "convert", "-O", "raw", url, out.toString());
        return Files.readAllBytes(out);
    }

    private String run(String... cmd) throws Exception {
        Path out = Files.createTempFile(dir, "cmd", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
        String text = Files.readString(out);
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + text).isZero();
        return text;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
