package io.obd4j.daemon.backing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.format.zfile.ZFileHeader;
import io.obd4j.core.format.zfile.ZFileHeaderFormat;
import io.obd4j.core.image.BlockDevice;
import io.obd4j.daemon.TestDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A volume created with a backing image and its data source: the missing backing image is downloaded and prepared
 * with the volume's settings (block size, front end, ZFile compression), later volumes that state other settings or
 * another source get a 409 naming each difference, and volumes stating none inherit the backing image's.
 */
class VolumeSettingsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private TestDaemon d;

    @BeforeEach
    void start() throws Exception {
        d = new TestDaemon(dir);
    }

    @AfterEach
    void stop() {
        d.close();
    }

    private ObjectNode volume(String id, long size) throws Exception {
        RwLayer.create(dir.resolve(id + ".data"), dir.resolve(id + ".index"), LayerInfo.of(size)).close();
        ObjectNode body = JSON.createObjectNode().put("id", id).put("backingImage", "base").put("frontEnd", "tcmu");
        body.putObject("config").putObject("upper").put("data", dir.resolve(id + ".data").toString())
                .put("index", dir.resolve(id + ".index").toString());
        return body;
    }

    private static ZFileHeader zfileHeader(Path layer) throws Exception {
        try (FileChannel ch = FileChannel.open(layer)) {
            ByteBuffer area = ByteBuffer.allocate(ZFileHeaderFormat.SPACE);
            ch.read(area, 0);
            area.flip();
            assertThat(ZFileHeaderFormat.hasMagic(area)).as("ZFile magic of " + layer).isTrue();
            return ZFileHeaderFormat.decode(area);
        }
    }

    @Test
    void aMissingBackingImageIsDownloadedWithTheVolumesSettingsAndOthersConflict() throws Exception {
        byte[] disk = BackingImageDownloadTest.disk();
        try (LoopbackFileServer server = new LoopbackFileServer(disk, 0, 0)) {
            ObjectNode v1 = volume("v1", disk.length).put("blockSize", 4096).put("compression", "zstd")
                    .put("compressionBlockSize", 32768).put("backingImageDataSourceType", "download")
                    .put("backingImageChecksum", BackingImageDownloadTest.sha("sha256", disk));
            v1.putObject("backingImageDataSourceParameters").put("url", server.url());
            d.expect(201, "POST", "/v1/devices", v1.toString());

            JsonNode b = d.expect(200, "GET", "/v1/backing-images/base", null);
            assertThat(b.path("state").asText()).isEqualTo("ready");
            assertThat(b.path("sourceType").asText()).isEqualTo("download");
            assertThat(b.path("settings").path("blockSize").asInt()).isEqualTo(4096);
            assertThat(b.path("settings").path("frontEnd").asText()).isEqualTo("tcmu");
            assertThat(b.path("settings").path("compression").asText()).isEqualTo("zstd");
            assertThat(b.path("settings").path("compressionBlockSize").asInt()).isEqualTo(32768);
            ZFileHeader z = zfileHeader(dir.resolve("backing/base/layer"));
            assertThat(z.algo()).isEqualTo(2);
            assertThat(z.blockSize()).isEqualTo(32768);
            // the volume reads the base through the compressed layer
            BlockDevice dev = d.daemon().images().blockDevice("v1").orElseThrow();
            ByteBuffer got = ByteBuffer.allocate(1 << 20);
            dev.read(got, 0);
            assertThat(got.array()).isEqualTo(Arrays.copyOf(disk, 1 << 20));

            HttpResponse<String> other = d.send("POST", "/v1/devices", volume("v2", disk.length)
                    .put("compression", "lz4").put("compressionBlockSize", 4096).put("blockSize", 512).toString());
            assertThat(other.statusCode()).as(other.body()).isEqualTo(409);
            assertThat(other.body()).contains("backing image base exists with other settings",
                    "compression: the volume asks lz4, the backing image has zstd",
                    "compressionBlockSize: the volume asks 4096, the backing image has 32768",
                    "blockSize: the volume asks 512, the backing image has 4096");

            ObjectNode elsewhere = volume("v3", disk.length).put("backingImageDataSourceType", "download");
            elsewhere.putObject("backingImageDataSourceParameters").put("url", server.url() + "?other");
            HttpResponse<String> src = d.send("POST", "/v1/devices", elsewhere.toString());
            assertThat(src.statusCode()).as(src.body()).isEqualTo(409);
            assertThat(src.body()).contains("data source: the volume asks " + server.url() + "?other");

            ObjectNode iscsi = volume("v4", disk.length).put("frontEnd", "iscsi");
            HttpResponse<String> fe = d.send("POST", "/v1/devices", iscsi.toString());
            assertThat(fe.statusCode()).as(fe.body()).isEqualTo(409);
            assertThat(fe.body()).contains("frontEnd: the volume asks iscsi, the backing image has tcmu");

            // a volume that states no settings takes the backing image's
            d.expect(201, "POST", "/v1/devices", volume("v5", disk.length).toString());
            assertThat(server.ranges()).hasSize(1);
        }
    }

    @Test
    void aSizeThatIsNotAMultipleOfTheBlockSizeFailsTheBackingImage() throws Exception {
        byte[] disk = Arrays.copyOf(BackingImageDownloadTest.disk(), (4 << 20) + 512);
        try (LoopbackFileServer server = new LoopbackFileServer(disk, 0, 0)) {
            ObjectNode v = volume("v", disk.length).put("blockSize", 4096).put("backingImageUrl", server.url());
            HttpResponse<String> r = d.send("POST", "/v1/devices", v.toString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
            assertThat(r.body()).contains("backing image base is failed", "4194816 bytes, not a multiple of the "
                    + "volume block size 4096");
        }
    }

    @Test
    void badSettingsAndUnsupportedSourcesAreRefusedNamingTheField() throws Exception {
        int n = 0;
        for (String[] c : new String[][] {{"blockSize", "1024", "blockSize 1024: expected 512 or 4096"},
            {"compressionBlockSize", "65536", "compressionBlockSize 65536: expected a power of two from 4096 to 32768"},
            {"compression", "\"gzip\"", "compression \"gzip\": expected none, lz4 or zstd"},
            {"frontEnd", "\"nbd\"", "frontEnd \"nbd\": expected iscsi or tcmu"},
            {"backingImageDataSourceType", "\"upload\"", "only by download or clone"}}) {
            ObjectNode v = volume("x" + n++, 1 << 20);
            if (c[0].equals("compressionBlockSize")) {
                v.put("compression", "lz4");
            }
            v.set(c[0], JSON.readTree(c[1]));
            HttpResponse<String> r = d.send("POST", "/v1/devices", v.toString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("error").asText()).contains(c[2]);
        }
        HttpResponse<String> none = d.send("POST", "/v1/devices", volume("y", 1 << 20).toString());
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("no backing image base", "backingImageDataSourceType");
    }

    @Test
    void aBackingImageCreatedThroughTheApiTakesTheStatedSettingsAndAnUncompressedDefault() throws Exception {
        byte[] disk = BackingImageDownloadTest.disk();
        try (LoopbackFileServer server = new LoopbackFileServer(disk, 0, 0)) {
            d.expect(201, "POST", "/v1/backing-images", "{\"name\":\"lz\",\"sourceType\":\"download\",\"url\":\""
                    + server.url() + "\",\"compression\":\"lz4\"}");
            d.expect(201, "POST", "/v1/backing-images", "{\"name\":\"plain\",\"sourceType\":\"download\",\"url\":\""
                    + server.url() + "\"}");
            for (String n : new String[] {"lz", "plain"}) {
                for (int i = 0; i < 3000 && !d.expect(200, "GET", "/v1/backing-images/" + n, null).path("state")
                        .asText().equals("ready"); i++) {
                    Thread.sleep(10);
                }
            }
            JsonNode lz = d.expect(200, "GET", "/v1/backing-images/lz", null);
            assertThat(lz.path("settings").path("compressionBlockSize").asInt()).isEqualTo(4096);
            assertThat(zfileHeader(dir.resolve("backing/lz/layer")).algo()).isEqualTo(1);
            JsonNode plain = d.expect(200, "GET", "/v1/backing-images/plain", null);
            assertThat(plain.path("settings").path("compression").asText()).isEqualTo("none");
            assertThat(plain.path("settings").path("frontEnd").asText()).isEqualTo("tcmu");
            HttpResponse<String> clone = d.send("POST", "/v1/backing-images", "{\"name\":\"c\",\"sourceType\":"
                    + "\"clone\",\"source\":\"lz\",\"compression\":\"zstd\"}");
            assertThat(clone.statusCode()).as(clone.body()).isEqualTo(409);
            assertThat(clone.body()).contains("a clone keeps the settings of backing image lz");
        }
    }
}
