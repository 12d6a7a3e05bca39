package io.obd4j.daemon.backing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.image.BlockDevice;
import io.obd4j.daemon.Daemon;
import io.obd4j.daemon.TestDaemon;
import io.obd4j.daemon.image.FormatImageOpener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code /v1/backing-images} routes of an in-process daemon (real {@link FormatImageOpener}, loopback API):
 * streamed uploads, volumes stacked on a backing image, delete-in-use refusal, changed-bytes detection.
 */
class BackingImageApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;
    private TestDaemon d;
    private Daemon daemon;
    private String api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        d = new TestDaemon(dir);
        daemon = d.daemon();
        api = d.api();
    }

    @AfterEach
    void stop() {
        d.close();
    }

    private HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body,
                                      String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).method(method, body);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        return send(method, path, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json), "application/json");
    }

    private static String sha512(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-512");
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return "sha512:" + HexFormat.of().formatHex(d.digest());
    }

    @Test
    void sparseGibibyteUploadStreamsAndStoresOnlyItsDataBlocks() throws Exception {
        Path sparse = dir.resolve("disk.raw");
        byte[] marks = "obd4j backing image".getBytes(StandardCharsets.US_ASCII);
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(GIB);
            for (long at : new long[] {0, 300L << 20, GIB - 4096}) {
                f.seek(at);
                f.write(marks);
            }
        }
        String sum = sha512(sparse);
        HttpResponse<String> r = send("POST", "/v1/backing-images/big/upload?checksum=" + sum,
                HttpRequest.BodyPublishers.ofFile(sparse), "application/octet-stream");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode b = JSON.readTree(r.body());
        assertThat(b.get("state").asText()).isEqualTo("ready");
        assertThat(b.get("sourceChecksum").asText()).isEqualTo(sum);
        assertThat(b.get("virtualSize").asLong()).isEqualTo(GIB);
        assertThat(b.get("transferredBytes").asLong()).isEqualTo(GIB);
        // three 4 KiB data blocks plus the layer's header, index and trailer
        assertThat(b.get("layerBytes").asLong()).isLessThan(64 << 10);
        assertThat(Files.size(dir.resolve("backing/big/layer"))).isEqualTo(b.get("layerBytes").asLong());
        assertThat(dir.resolve("backing/big/source.part")).doesNotExist();

        HttpResponse<InputStream> down = http.send(HttpRequest.newBuilder(URI.create(api
                + "/v1/backing-images/big/download")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.headers().firstValueAsLong("content-length")).hasValue(GIB);
        MessageDigest d = MessageDigest.getInstance("SHA-512");
        try (InputStream in = down.body()) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        assertThat("sha512:" + HexFormat.of().formatHex(d.digest())).isEqualTo(sum);
    }

    @Test
    void multipartUploadWithSha256AndAWrongChecksumFails() throws Exception {
        byte[] disk = BackingImageDownloadTest.disk();
        String boundary = "----obd4jBoundary7MA4YWxkTrZu0gW";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"chunk\"; filename=\"d.raw\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = concat(head, disk, tail);
        String ct = "multipart/form-data; boundary=" + boundary;
        String sum = BackingImageDownloadTest.sha("sha256", disk);
        assertThat(send("POST", "/v1/backing-images", "{\"name\":\"mp\",\"sourceType\":\"upload\",\"checksum\":\""
                + sum + "\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> r = send("POST", "/v1/backing-images/mp/upload",
                HttpRequest.BodyPublishers.ofByteArray(body), ct);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("sourceChecksum").asText()).isEqualTo(sum);

        HttpResponse<String> bad = send("POST", "/v1/backing-images/mp2/upload?checksum=sha256:" + "0".repeat(64),
                HttpRequest.BodyPublishers.ofByteArray(body), ct);
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("checksum mismatch");
        JsonNode failed = JSON.readTree(send("GET", "/v1/backing-images/mp2", null).body());
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        JsonNode list = JSON.readTree(send("GET", "/v1/backing-images", null).body());
        assertThat(list).extracting(n -> n.get("name").asText()).containsExactly("mp", "mp2");
    }

    @Test
    void twoVolumesShareTheBaseAndKeepTheirOwnWritesAndTheBaseCannotBeDeletedMeanwhile() throws Exception {
        byte[] disk = BackingImageDownloadTest.disk();
        HttpResponse<String> up = send("POST", "/v1/backing-images/base/upload",
                HttpRequest.BodyPublishers.ofByteArray(disk), "application/octet-stream");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        for (String v : List.of("a", "b")) {
            RwLayer.create(dir.resolve(v + ".data"), dir.resolve(v + ".index"), LayerInfo.of(disk.length)).close();
            String body = "{\"id\":\"" + v + "\",\"backingImage\":\"base\",\"config\":{\"upper\":{\"data\":\""
                    + dir.resolve(v + ".data") + "\",\"index\":\"" + dir.resolve(v + ".index") + "\"}}}";
            HttpResponse<String> open = send("POST", "/v1/devices", body);
            assertThat(open.statusCode()).as(open.body()).isEqualTo(201);
        }
        BlockDevice a = daemon.images().blockDevice("a").orElseThrow();
        BlockDevice b = daemon.images().blockDevice("b").orElseThrow();
        a.write(ByteBuffer.wrap(filled(8192, 0xaa)), 0);
        b.write(ByteBuffer.wrap(filled(8192, 0xbb)), 0);
        assertThat(read(a, 0, 8192)).isEqualTo(filled(8192, 0xaa));
        assertThat(read(b, 0, 8192)).isEqualTo(filled(8192, 0xbb));
        byte[] base = Arrays.copyOfRange(disk, 8192, 1 << 20);
        assertThat(read(a, 8192, base.length)).isEqualTo(base);
        assertThat(read(b, 8192, base.length)).isEqualTo(base);

        HttpResponse<String> inUse = send("DELETE", "/v1/backing-images/base", null);
        assertThat(inUse.statusCode()).isEqualTo(409);
        assertThat(inUse.body()).contains("in use by a volume");
        assertThat(send("DELETE", "/v1/devices/a", null).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", "/v1/backing-images/base", null).statusCode()).isEqualTo(409);
        assertThat(send("DELETE", "/v1/devices/b", null).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", "/v1/backing-images/base", null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/v1/backing-images/base", null).statusCode()).isEqualTo(404);
        assertThat(dir.resolve("backing/base")).doesNotExist();
    }

    @Test
    void aReadyLayerWhoseBytesChangedIsMarkedFailedAndRefused() throws Exception {
        byte[] disk = BackingImageDownloadTest.disk();
        assertThat(send("POST", "/v1/backing-images/t/upload", HttpRequest.BodyPublishers.ofByteArray(disk),
                "application/octet-stream").statusCode()).isEqualTo(200);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("backing/t/layer").toFile(), "rw")) {
            f.seek(4096 + 100);
            int old = f.read();
            f.seek(4096 + 100);
            f.write(old ^ 0xff);
        }
        HttpResponse<String> open = send("POST", "/v1/devices", "{\"id\":\"v\",\"backingImage\":\"t\","
                + "\"config\":{}}");
        assertThat(open.statusCode()).isEqualTo(409);
        assertThat(open.body()).contains("is failed", "changed");
        JsonNode t = JSON.readTree(send("GET", "/v1/backing-images/t", null).body());
        assertThat(t.get("state").asText()).isEqualTo("failed");
        assertThat(send("GET", "/v1/backing-images/t/download", null).statusCode()).isEqualTo(409);
    }

    @Test
    void aVolumeNamingAMissingBackingImageWithItsUrlDownloadsItFirst() throws Exception {
        byte[] disk = BackingImageDownloadTest.disk();
        try (LoopbackFileServer server = new LoopbackFileServer(disk, 0, 0)) {
            HttpResponse<String> open = send("POST", "/v1/devices", "{\"id\":\"ro\",\"backingImage\":\"auto\","
                    + "\"backingImageUrl\":\"" + server.url() + "\",\"backingImageChecksum\":\""
                    + BackingImageDownloadTest.sha("sha512", disk) + "\",\"config\":{}}");
            assertThat(open.statusCode()).as(open.body()).isEqualTo(201);
            assertThat(server.ranges()).hasSize(1);
        }
        BlockDevice ro = daemon.images().blockDevice("ro").orElseThrow();
        assertThat(ro.size()).isEqualTo(disk.length);
        assertThat(read(ro, 0, disk.length)).isEqualTo(disk);
        JsonNode auto = JSON.readTree(send("GET", "/v1/backing-images/auto", null).body());
        assertThat(auto.get("sourceType").asText()).isEqualTo("download");
        assertThat(auto.get("state").asText()).isEqualTo("ready");
    }

    @Test
    void aVolumeIsExportedAsANewBackingImage() throws Exception {
        byte[] disk = BackingImageDownloadTest.disk();
        assertThat(send("POST", "/v1/backing-images/base/upload", HttpRequest.BodyPublishers.ofByteArray(disk),
                "application/octet-stream").statusCode()).isEqualTo(200);
        RwLayer.create(dir.resolve("v.data"), dir.resolve("v.index"), LayerInfo.of(disk.length)).close();
        assertThat(send("POST", "/v1/devices", "{\"id\":\"v\",\"backingImage\":\"base\",\"config\":{\"upper\":"
                + "{\"data\":\"" + dir.resolve("v.data") + "\",\"index\":\"" + dir.resolve("v.index") + "\"}}}")
                .statusCode()).isEqualTo(201);
        BlockDevice v = daemon.images().blockDevice("v").orElseThrow();
        v.write(ByteBuffer.wrap(filled(4096, 0x5a)), 1 << 20);
        byte[] expected = disk.clone();
        System.arraycopy(filled(4096, 0x5a), 0, expected, 1 << 20, 4096);
        HttpResponse<String> r = send("POST", "/v1/backing-images", "{\"name\":\"exp\",\"sourceType\":\"export\","
                + "\"source\":\"v\",\"checksum\":\"" + BackingImageDownloadTest.sha("sha256", expected) + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode exp = JSON.readTree(r.body());
        for (int i = 0; i < 6000 && !exp.get("state").asText().matches("ready|failed"); i++) {
            Thread.sleep(10);
            exp = JSON.readTree(send("GET", "/v1/backing-images/exp", null).body());
        }
        assertThat(exp.get("error").asText()).isEmpty();
        assertThat(exp.get("sourceType").asText()).isEqualTo("export");
        HttpResponse<byte[]> down = http.send(HttpRequest.newBuilder(URI.create(api
                + "/v1/backing-images/exp/download")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(down.body()).isEqualTo(expected);
        assertThat(send("POST", "/v1/backing-images", "{\"name\":\"x\",\"sourceType\":\"export\","
                + "\"source\":\"nope\"}").statusCode()).isEqualTo(404);
    }

    private static byte[] read(BlockDevice d, long offset, int len) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(len);
        d.read(buf, offset);
        return buf.array();
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
