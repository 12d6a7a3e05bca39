package io.obd4j.daemon.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.DownloadConfig;
import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.metrics.Obd4jMetrics;
import io.obd4j.daemon.api.ApiRoutes;
import io.obd4j.daemon.api.HttpCall;
import io.obd4j.daemon.api.HttpReply;
import io.obd4j.daemon.api.Router;
import io.obd4j.daemon.image.DeviceRegistry;
import io.obd4j.daemon.image.FormatImageOpener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;

/** A real registry and opener with the snapshot routes, in this JVM, over volumes in a temp directory. */
final class SnapshotFixture implements AutoCloseable {
    static final long SIZE = 16L << 20;
    static final int BLOCK = 4096;
    private static final DownloadConfig NO_DOWNLOAD = new DownloadConfig(false, 300, 30, 100, 5, 262144);

    final Path dir;
    final FormatImageOpener opener;
    final DeviceRegistry registry;
    final VolumeSnapshots snapshots;
    final Router router;

    SnapshotFixture(Path dir, CreationPause pause) throws Exception {
        this.dir = dir;
        this.opener = new FormatImageOpener(ConfigLoader.parseGlobal("{\"cacheConfig\":{\"cacheType\":\"file\","
                + "\"cacheDir\":\"" + dir.resolve("cache") + "\",\"cacheSizeGB\":1}}", "test.json").config(),
                AuditLog.disabled(), new Obd4jMetrics());
        this.registry = new DeviceRegistry(opener, () -> NO_DOWNLOAD, Clock.systemUTC());
        this.snapshots = new VolumeSnapshots(registry, dir.resolve("data"), Clock.systemUTC(), pause);
        this.router = new ApiRoutes(registry, () -> null, null, new SnapshotRoutes(snapshots)).router();
    }

    /** A volume of {@link #SIZE} bytes: a fresh writable layer under {@code dir/<name>/}, no lowers. */
    static Path volumeConfig(Path dir, String name) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        try (RwLayer l = RwLayer.create(d.resolve("upper.data"), d.resolve("upper.index"), LayerInfo.of(SIZE))) {
            l.flush();
        }
        ObjectNode c = SnapshotRecord.MAPPER.createObjectNode();
        c.putArray("lowers");
        c.putObject("upper").put("index", d.resolve("upper.index").toString())
                .put("data", d.resolve("upper.data").toString());
        Path p = d.resolve("config.v1.json");
        Files.writeString(p, c.toPrettyString());
        return p;
    }

    HttpReply call(String method, String uri, String body) {
        return router.dispatch(HttpCall.of(method, uri, body == null ? new byte[0]
                : body.getBytes(StandardCharsets.UTF_8)));
    }

    static JsonNode json(HttpReply r) throws IOException {
        return SnapshotRecord.MAPPER.readTree(r.body());
    }

    static String text(HttpReply r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    BlockDevice device(String id) {
        return registry.blockDevice(id).orElseThrow();
    }

    static byte pattern(int block) {
        return (byte) (block % 250 + 1);
    }

    static void writeBlock(BlockDevice d, int block) throws IOException {
        byte[] b = new byte[BLOCK];
        Arrays.fill(b, pattern(block));
        d.write(ByteBuffer.wrap(b), (long) block * BLOCK);
    }

    /** The first byte of every block and whether the block is uniform. */
    static byte[] firstBytes(BlockDevice d, int blocks) throws IOException {
        byte[] out = new byte[blocks];
        ByteBuffer b = ByteBuffer.allocate(BLOCK);
        for (int i = 0; i < blocks; i++) {
            b.clear();
            d.read(b, (long) i * BLOCK);
            byte[] a = b.array();
            for (byte x : a) {
                if (x != a[0]) {
                    throw new AssertionError("block " + i + " is torn");
                }
            }
            out[i] = a[0];
        }
        return out;
    }

    @Override
    public void close() {
        registry.closeAll();
        opener.close();
    }
}
