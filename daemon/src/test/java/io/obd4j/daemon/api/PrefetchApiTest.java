package io.obd4j.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.OverlaybdConfig;
import io.obd4j.core.ext4.Ext4Filesystem;
import io.obd4j.core.ext4.Ext4Images;
import io.obd4j.core.metrics.Obd4jMetrics;
import io.obd4j.core.prefetch.TraceFile;
import io.obd4j.daemon.Daemon;
import io.obd4j.daemon.Main;
import io.obd4j.daemon.image.FormatImageOpener;
import io.obd4j.nativeio.SdNotify;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prefetch through the daemon: mode selection from config.v1.json ({@code recordTracePath} empty / trace / file
 * list, the acceleration layer's {@code dir/trace}, {@code prefetchConfig.enable}), the {@code prefetch} object of
 * GET /v1/devices/{id}, and the exporter's prefetch counters. The layer is a local import of an mke2fs image.
 */
class PrefetchApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path layer;
    @TempDir
    Path dir;
    private Daemon daemon;
    private String api;
    private String exporter;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void makeLayer() throws Exception {
        Path tree = Ext4Images.writeTree(Files.createDirectories(shared.resolve("tree")));
        Path img = Ext4Images.make(tree, shared.resolve("fs.img"), 64, "64bit");
        layer = shared.resolve("fs.layer");
        assertThat(Main.commandLine().execute("import-raw", "-z", img.toString(), layer.toString())).isZero();
    }

    void start(boolean enable) throws Exception {
        ObjectNode root = ApiServerTest.sampleJson("http://127.0.0.1:0");
        root.putObject("prefetchConfig").put("concurrency", 2).put("enable", enable);
        root.put("enableAudit", false);
        OverlaybdConfig cfg = ConfigLoader.parseGlobal(root.toString(), "test").config();
        Obd4jMetrics metrics = new Obd4jMetrics();
        daemon = new Daemon(cfg, new FormatImageOpener(cfg, AuditLog.disabled(), metrics), List.of(),
                new SdNotify(null), cfg::download, metrics);
        daemon.start();
        api = "http://127.0.0.1:" + ((InetSocketAddress) daemon.apiAddress()).getPort();
        exporter = "http://127.0.0.1:" + ((InetSocketAddress) daemon.exporterAddress()).getPort();
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private String send(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isBetween(200, 299);
        return r.body();
    }

    private JsonNode open(String id, String extra) throws Exception {
        Path cfg = Files.writeString(dir.resolve(id + ".json"), "{\"lowers\":[{\"file\":\"" + layer + "\"}" + extra);
        send("POST", api + "/v1/devices", "{\"id\":\"" + id + "\",\"config\":\"" + cfg + "\"}");
        return JSON.readTree(send("GET", api + "/v1/devices/" + id, null));
    }

    private JsonNode awaitReplay(String id) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode p = JSON.readTree(send("GET", api + "/v1/devices/" + id, null)).get("prefetch");
        while (!p.get("state").asText().equals("DONE") && System.nanoTime() < deadline) {
            Thread.sleep(20);
            p = JSON.readTree(send("GET", api + "/v1/devices/" + id, null)).get("prefetch");
        }
        return p;
    }

    @Test
    void recordThenReplayATraceAndAFileListShowInTheDeviceJson() throws Exception {
        start(true);
        Path trace = Files.createFile(dir.resolve("trace"));
        JsonNode rec = open("rec", "],\"recordTracePath\":\"" + trace + "\"}");
        assertThat(rec.get("prefetch").get("mode").asText()).isEqualTo("record");
        assertThat(rec.get("prefetch").get("state").asText()).isEqualTo("RECORDING");
        Ext4Filesystem fs = Ext4Filesystem.open(daemon.images().blockDevice("rec").orElseThrow(), "rec");
        fs.readAll(fs.resolve(Ext4Images.NESTED));
        send("DELETE", api + "/v1/devices/rec", null);
        int records = TraceFile.read(trace).size();
        assertThat(records).isPositive();

        JsonNode replay = open("replay", "],\"recordTracePath\":\"" + trace + "\"}").get("prefetch");
        assertThat(replay.get("mode").asText()).isEqualTo("replay_trace");
        JsonNode done = awaitReplay("replay");
        assertThat(done.get("rangesDone").asLong()).isEqualTo(done.get("rangesTotal").asLong()).isEqualTo(records);
        assertThat(done.get("failed").asLong()).isZero();

        Path list = Files.writeString(dir.resolve("list"), "/etc/hostname\n/usr/lib64/deep/\n");
        assertThat(open("list", "],\"recordTracePath\":\"" + list + "\"}").get("prefetch").get("mode").asText())
                .isEqualTo("replay_filelist");
        assertThat(awaitReplay("list").get("bytesDone").asLong()).isEqualTo(512 + 13_312);
        String metrics = send("GET", exporter + "/metrics", null);
        assertThat(metrics).contains("obd4j_prefetch_bytes_total{mode=\"filelist\"} 13824")
                .contains("obd4j_prefetch_ranges_total{mode=\"trace\"} " + records);
    }

    @Test
    void accelerationLayerTraceIsReplayedAndTheLayerLeftOut() throws Exception {
        start(true);
        Path acc = Files.createDirectories(dir.resolve("acc"));
        TraceFile.write(Files.createFile(acc.resolve("trace")), List.of(
                io.obd4j.core.prefetch.TraceRecord.read(0, 4096, 0),
                io.obd4j.core.prefetch.TraceRecord.read(5, 4096, 0)));
        JsonNode d = open("acc", ",{\"dir\":\"" + acc + "\"}],\"accelerationLayer\":true}");
        assertThat(d.get("lowers").asInt()).isEqualTo(1);
        JsonNode p = awaitReplay("acc");
        assertThat(p.get("mode").asText()).isEqualTo("replay_trace");
        assertThat(p.get("rangesDone").asLong()).isEqualTo(1);
        assertThat(p.get("skipped").asLong()).isEqualTo(1);
    }

    @Test
    void disabledPrefetchOrAMissingTraceFileMeansNoPrefetch() throws Exception {
        start(false);
        Path trace = Files.createFile(dir.resolve("trace"));
        assertThat(open("off", "],\"recordTracePath\":\"" + trace + "\"}").has("prefetch")).isFalse();
        assertThat(dir.resolve("trace.lock")).doesNotExist();
        assertThat(open("missing", "],\"recordTracePath\":\"" + dir.resolve("nope") + "\"}").has("prefetch"))
                .isFalse();
    }

    @Test
    void anUnreadableTraceLeavesTheDeviceWithoutPrefetch() throws Exception {
        start(true);
        Path notAFile = Files.createDirectories(dir.resolve("trace.d"));
        assertThat(open("dir", "],\"recordTracePath\":\"" + notAFile + "\"}").has("prefetch")).isFalse();
        Path corrupt = Files.createFile(dir.resolve("corrupt"));
        TraceFile.write(corrupt, List.of(io.obd4j.core.prefetch.TraceRecord.read(0, 4096, 0)));
        byte[] b = Files.readAllBytes(corrupt);
        b[30] ^= 1;
        Files.write(corrupt, b);
        open("corrupt", "],\"recordTracePath\":\"" + corrupt + "\"}");
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode p = JSON.readTree(send("GET", api + "/v1/devices/corrupt", null)).get("prefetch");
        while (!p.get("state").asText().equals("FAILED") && System.nanoTime() < deadline) {
            Thread.sleep(20);
            p = JSON.readTree(send("GET", api + "/v1/devices/corrupt", null)).get("prefetch");
        }
        assertThat(p.get("error").asText()).startsWith(corrupt + ": checksum at offset 16: expected 0x");
    }
}
