package io.obd4j.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.RwLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the daemon (a child JVM) in the middle of a snapshot, held there by the {@code OBD4J_SNAPSHOT_PAUSE}
 * hook, then a restart: the snapshot is rolled back (before the seal) or finished (after it), no file is leaked and
 * the volume reopens with its data.
 */
class SnapshotCrashTest {
    private static final long SIZE = 8L << 20;
    private static final int BLOCK = 4096;

    @TempDir
    Path dir;

    @Test
    void killedBeforeTheSealRollsBackAndTheSnapshotCanBeRetried() throws Exception {
        Path config = volume();
        int port = DaemonChild.freePort();
        Path global = globalConfig(port);
        try (DaemonChild d = DaemonChild.start(global, port, 0, dir.resolve("d1.out"),
                Map.of("OBD4J_SNAPSHOT_PAUSE", "prepared"))) {
            open(d, config);
            killDuringSnapshot(d, "prepared");
        }
        assertThat(record().get("state").asText()).isEqualTo("creating");
        assertThat(dir.resolve("vol/upper-after-s1.data")).as("killed mid-way").exists();
        try (DaemonChild d = DaemonChild.start(global, port, 0, dir.resolve("d2.out"))) {
            JsonNode s1 = d.json("/v1/snapshots/s1");
            assertThat(s1.get("state").asText()).isEqualTo("failed");
            assertThat(s1.get("readyToUse").asBoolean()).isFalse();
            assertThat(s1.at("/error/retriable").asBoolean()).isTrue();
            assertThat(s1.at("/error/message").asText()).contains("rolled back");
            assertThat(files("vol")).containsExactlyInAnyOrder("config.v1.json", "upper.data", "upper.index");
            assertThat(files("data/snapshots")).containsExactly("s1.json");

            open(d, config);
            assertThat(readBlock(d, config, 7)).as("written before the kill").isTrue();
            HttpResponse<String> retry = d.call("POST", "/v1/devices/vol/snapshots", "{\"name\":\"s1\"}");
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
            assertThat(DaemonChild.JSON.readTree(retry.body()).get("readyToUse").asBoolean()).isTrue();
        }
    }

    @Test
    void killedAfterTheSealFinishesAndRestoresFromIt() throws Exception {
        Path config = volume();
        int port = DaemonChild.freePort();
        Path global = globalConfig(port);
        try (DaemonChild d = DaemonChild.start(global, port, 0, dir.resolve("d1.out"),
                Map.of("OBD4J_SNAPSHOT_PAUSE", "sealed"))) {
            open(d, config);
            killDuringSnapshot(d, "sealed");
        }
        assertThat(record().get("state").asText()).isEqualTo("creating");
        try (DaemonChild d = DaemonChild.start(global, port, 0, dir.resolve("d2.out"))) {
            JsonNode s1 = d.json("/v1/snapshots/s1");
            assertThat(s1.get("readyToUse").asBoolean()).as(s1.toString()).isTrue();
            assertThat(s1.get("error").isNull()).isTrue();
            assertThat(files("vol")).containsExactlyInAnyOrder("config.v1.json", "upper.data", "upper.index",
                    "upper-after-s1.data", "upper-after-s1.index");
            open(d, config);
            assertThat(d.json("/v1/devices/vol").get("layers")).hasSize(1);
            HttpResponse<String> r = d.call("POST", "/v1/devices",
                    "{\"id\":\"copy\",\"dataSource\":{\"kind\":\"VolumeSnapshot\",\"name\":\"s1\"}}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            assertThat(d.call("DELETE", "/v1/snapshots/s1", null).statusCode()).isEqualTo(409);
            assertThat(d.call("DELETE", "/v1/devices/copy", null).statusCode()).isEqualTo(204);
            assertThat(d.call("DELETE", "/v1/snapshots/s1", null).statusCode()).isEqualTo(204);
        }
        assertThat(readBlock(null, dir.resolve("data/volumes/copy/config.v1.json"), 7)).isTrue();
    }

    /** Sends the snapshot call, waits until the hook holds it at {@code stage}, and kills the daemon. */
    private static void killDuringSnapshot(DaemonChild d, String stage) throws Exception {
        CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(() -> {
            try {
                return d.call("POST", "/v1/devices/vol/snapshots", "{\"name\":\"s1\"}");
            } catch (IOException | InterruptedException e) {
                return null;
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!d.output().contains("snapshot s1 paused at " + stage)) {
            assertThat(System.nanoTime()).as(d.output()).isLessThan(deadline);
            assertThat(call.isDone()).as("the snapshot call returned before the pause").isFalse();
            Thread.sleep(50);
        }
        d.kill();
        assertThat(call.get(60, TimeUnit.SECONDS)).as("no reply from a killed daemon").isNull();
    }

    /** A volume with block 7 written (pattern 7) and flushed, its writable layer under {@code dir/vol}. */
    private Path volume() throws IOException {
        Path v = Files.createDirectories(dir.resolve("vol"));
        try (RwLayer l = RwLayer.create(v.resolve("upper.data"), v.resolve("upper.index"), LayerInfo.of(SIZE))) {
            byte[] b = new byte[BLOCK];
            Arrays.fill(b, (byte) 7);
            l.write(ByteBuffer.wrap(b), 7L * BLOCK);
            l.flush();
        }
        ObjectNode c = DaemonChild.JSON.createObjectNode();
        c.putArray("lowers");
        c.putObject("upper").put("index", v.resolve("upper.index").toString())
                .put("data", v.resolve("upper.data").toString());
        Path p = v.resolve("config.v1.json");
        Files.writeString(p, c.toPrettyString());
        return p;
    }

    private static void open(DaemonChild d, Path config) throws Exception {
        HttpResponse<String> r = d.call("POST", "/v1/devices", "{\"id\":\"vol\",\"config\":\"" + config + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /**
     * Whether block 7 of the image reads as pattern 7 with the rest of its neighbourhood zero, read in this JVM
     * after closing the daemon's device (or directly when {@code d} is null).
     */
    private boolean readBlock(DaemonChild d, Path config, int block) throws Exception {
        if (d != null) {
            assertThat(d.call("DELETE", "/v1/devices/vol", null).statusCode()).isEqualTo(204);
        }
        boolean ok = ImageReads.blocks(config, dir.resolve("cache"), block - 1, 3, BLOCK)
                .equals(List.of((byte) 0, (byte) block, (byte) 0));
        if (d != null) {
            open(d, config);
        }
        return ok;
    }

    private JsonNode record() throws IOException {
        return DaemonChild.JSON.readTree(dir.resolve("data/snapshots/s1.json").toFile());
    }

    private List<String> files(String sub) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(sub))) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private Path globalConfig(int apiPort) throws IOException {
        ObjectNode root = DaemonChild.JSON.createObjectNode();
        root.putObject("logConfig").put("logPath", dir.resolve("obd4j.log").toString());
        root.putObject("cacheConfig").put("cacheType", "file").put("cacheDir", dir.resolve("cache").toString())
                .put("cacheSizeGB", 1);
        root.putObject("gzipCacheConfig").put("enable", false).put("cacheDir", dir.resolve("gzip").toString());
        root.putObject("credentialConfig").put("mode", "file").put("path", dir.resolve("cred.json").toString());
        root.put("enableAudit", false).put("auditPath", dir.resolve("audit.log").toString());
        root.putObject("serviceConfig").put("enable", true).put("address", "http://127.0.0.1:" + apiPort);
        ObjectNode o = root.putObject("obd4j");
        o.putObject("tcmu").put("enable", false);
        o.put("dataDir", dir.resolve("data").toString());
        Path p = dir.resolve("overlaybd.json");
        Files.writeString(p, root.toPrettyString());
        return p;
    }
}
