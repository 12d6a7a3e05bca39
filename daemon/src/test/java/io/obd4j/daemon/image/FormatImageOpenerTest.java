package io.obd4j.daemon.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.DownloadConfig;
import io.obd4j.core.config.OverlaybdConfig;
import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.image.ImageOracle;
import io.obd4j.core.metrics.Obd4jMetrics;
import io.obd4j.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real opens of config.v1.json images from the C++-made fixtures through {@link DeviceRegistry} and
 * {@link FormatImageOpener}: merged stacks, writable uppers, live snapshot, and overlaybd's resultFile texts.
 */
class FormatImageOpenerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final DownloadConfig NO_DOWNLOAD = new DownloadConfig(false, 300, 30, 100, 5, 262144);

    @TempDir
    Path dir;

    static OverlaybdConfig global(Path dir) throws Exception {
        return ConfigLoader.parseGlobal("{\"cacheConfig\":{\"cacheType\":\"file\",\"cacheDir\":\""
                + dir.resolve("cache") + "\",\"cacheSizeGB\":1}}", "test.json").config();
    }

    DeviceRegistry registry(FormatImageOpener opener) {
        return new DeviceRegistry(opener, () -> NO_DOWNLOAD, Clock.systemUTC());
    }

    Path config(String name, List<String> lowerFiles, String upperData, String upperIndex) throws Exception {
        ObjectNode c = JSON.createObjectNode();
        ArrayNode lowers = c.putArray("lowers");
        lowerFiles.forEach(f -> lowers.addObject().put("file", f));
        if (upperData != null) {
            c.putObject("upper").put("data", upperData).put("index", upperIndex);
        }
        c.put("resultFile", dir.resolve(name + ".result").toString());
        Path p = dir.resolve(name + ".json");
        Files.writeString(p, c.toString());
        return p;
    }

    static String layer(String name) {
        return Fixtures.layer(name).toAbsolutePath().toString();
    }

    String result(String name) throws Exception {
        return Files.readString(dir.resolve(name + ".result"));
    }

    @Test
    void opensTheThreeLayerStackWithAndWithoutAWritableUpper() throws Exception {
        Files.copy(Fixtures.layer("stack-upper.data"), dir.resolve("u.data"));
        Files.copy(Fixtures.layer("stack-upper.index"), dir.resolve("u.index"));
        List<String> stack = List.of(layer("stack-l1.zfile"), layer("stack-l2.lsmt"), layer("stack-l3.zfile"));
        try (FormatImageOpener opener = new FormatImageOpener(global(dir), AuditLog.disabled(), new Obd4jMetrics())) {
            DeviceRegistry reg = registry(opener);
            reg.open(config("ro", stack, null, null), "ro");
            reg.open(config("rw", stack, dir.resolve("u.data").toString(), dir.resolve("u.index").toString()), "rw");
            assertThat(result("ro")).isEqualTo("success");
            assertThat(reg.device("ro").orElseThrow().readOnly()).isTrue();
            assertThat(reg.device("rw").orElseThrow().lowers()).isEqualTo(3);
            ImageOracle.assertImageMatches(reg.blockDevice("ro").orElseThrow(),
                    Fixtures.fixture("stack3").get("expected"));
            ImageOracle.assertImageMatches(reg.blockDevice("rw").orElseThrow(),
                    Fixtures.fixture("stack3+rw").get("expected"));
            OpenedImage img = (OpenedImage) reg.tracked("rw").orElseThrow().inner();
            assertThat(img.layers()).extracting(OpenedImage.Layer::location).containsOnly("local");
            assertThat(img.upper()).isEqualTo(dir.resolve("u.data").toString());
            reg.closeAll();
        }
    }

    /** An audited local LSMT lower and a writable upper: the exported device serves warm reads from the cache. */
    @Test
    void theDeviceReadsALocalUncompressedImageFromThePageCache() throws Exception {
        io.obd4j.core.format.lsmt.RwLayer.create(dir.resolve("u.data"), dir.resolve("u.index"),
                io.obd4j.core.format.lsmt.LayerInfo.of(0)).close();
        AuditLog audit = AuditLog.open(dir.resolve("audit.log"), 64, AuditLog.ROTATE_BYTES);
        try (FormatImageOpener opener = new FormatImageOpener(global(dir), audit, new Obd4jMetrics())) {
            DeviceRegistry reg = registry(opener);
            reg.open(config("rw", List.of(layer("stack-l2.lsmt")), dir.resolve("u.data").toString(),
                    dir.resolve("u.index").toString()), "rw");
            BlockDevice dev = reg.blockDevice("rw").orElseThrow();
            dev.write(ByteBuffer.wrap(filled(8192, 0x33)), 1 << 20);
            long before = reg.tracked("rw").orElseThrow().counters().reads();
            for (long at = 0; at + (256 << 10) <= dev.size(); at += 256 << 10) {
                ByteBuffer want = ByteBuffer.allocateDirect(256 << 10);
                dev.read(want, at);
                ByteBuffer got = ByteBuffer.allocateDirect(256 << 10);
                assertThat(dev.readIfCached(got, at)).as("cached read at %d", at).isTrue();
                assertThat(got.flip()).isEqualTo(want.flip());
            }
            assertThat(reg.tracked("rw").orElseThrow().counters().reads() - before)
                    .isEqualTo(2 * (dev.size() / (256 << 10)));
            reg.closeAll();
        } finally {
            audit.close();
        }
    }

    @Test
    void liveSnapshotSealsTheUpperAsTheTopLowerAndKeepsItsWrites() throws Exception {
        Files.copy(Fixtures.layer("stack-upper.data"), dir.resolve("u.data"));
        Files.copy(Fixtures.layer("stack-upper.index"), dir.resolve("u.index"));
        List<String> stack = List.of(layer("stack-l1.zfile"), layer("stack-l2.lsmt"), layer("stack-l3.zfile"));
        try (FormatImageOpener opener = new FormatImageOpener(global(dir), AuditLog.disabled(), new Obd4jMetrics())) {
            DeviceRegistry reg = registry(opener);
            Path cfg = config("rw", stack, dir.resolve("u.data").toString(), dir.resolve("u.index").toString());
            reg.open(cfg, "rw");
            BlockDevice dev = reg.blockDevice("rw").orElseThrow();
            dev.write(ByteBuffer.wrap(filled(8192, 0x11)), 1 << 20);
            io.obd4j.core.format.lsmt.RwLayer.create(dir.resolve("u2.data"), dir.resolve("u2.index"),
                    io.obd4j.core.format.lsmt.LayerInfo.of(64L << 20)).close();
            Path next = config("next", List.of(stack.get(0), stack.get(1), stack.get(2),
                    dir.resolve("u.data").toString()), dir.resolve("u2.data").toString(),
                    dir.resolve("u2.index").toString());
            reg.snapshot("rw", next);
            dev.write(ByteBuffer.wrap(filled(4096, 0x22)), 1 << 20);
            ByteBuffer back = ByteBuffer.allocate(8192);
            dev.read(back, 1 << 20);
            assertThat(back.array()).startsWith(filled(4096, 0x22)).endsWith(filled(4096, 0x11));
            assertThat(reg.device("rw").orElseThrow().lowers()).isEqualTo(4);
            assertThat(Files.exists(next)).as("renamed over the device's config").isFalse();
            reg.closeAll();
            reg.open(cfg, "again");
            ByteBuffer again = ByteBuffer.allocate(8192);
            reg.blockDevice("again").orElseThrow().read(again, 1 << 20);
            assertThat(again.array()).isEqualTo(back.array());
            reg.closeAll();
        }
    }

    @Test
    void failedOpensWriteOverlaybdsResultFileTexts() throws Exception {
        try (FormatImageOpener opener = new FormatImageOpener(global(dir), AuditLog.disabled(), new Obd4jMetrics())) {
            DeviceRegistry reg = registry(opener);
            Path bad = config("bad", List.of(layer("stack-l1.zfile"),
                    layer("corrupt.commit1.lsmt-index-size-past-eof")), null, null);
            assertThatThrownBy(() -> reg.open(bad, "bad")).isInstanceOf(ImageServiceException.class);
            assertThat(result("bad")).isEqualTo("failed:failed to open layer 1");

            Path zfile = config("zfile", List.of(layer("corrupt.commit1.zstd-64k-crc.truncate-trailer")), null, null);
            assertThatThrownBy(() -> reg.open(zfile, "zfile")).isInstanceOf(ImageServiceException.class);
            assertThat(result("zfile")).isEqualTo("failed:failed to open switch file "
                    + layer("corrupt.commit1.zstd-64k-crc.truncate-trailer"));

            Files.write(dir.resolve("garbage.data"), new byte[8192]);
            Files.write(dir.resolve("garbage.index"), new byte[8192]);
            Path upper = config("upper", List.of(layer("stack-l1.zfile")), dir.resolve("garbage.data").toString(),
                    dir.resolve("garbage.index").toString());
            assertThatThrownBy(() -> reg.open(upper, "upper")).isInstanceOf(ImageServiceException.class);
            assertThat(result("upper")).isEqualTo("failed:");
            assertThat(reg.devices()).isEmpty();
        }
    }

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
