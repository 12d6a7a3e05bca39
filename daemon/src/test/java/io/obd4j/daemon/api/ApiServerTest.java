package io.obd4j.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.OverlaybdConfig;
import io.obd4j.core.metrics.PrometheusText;
import io.obd4j.daemon.Daemon;
import io.obd4j.daemon.image.RawFileDevice;
import io.obd4j.nativeio.SdNotify;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

/** The API and exporter of an in-process daemon started from the sample config on free loopback ports. */
class ApiServerTest {
    static final Path SAMPLE = Path.of("../etc/overlaybd/overlaybd.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Daemon daemon;
    private String api;
    private String exporter;
    private final HttpClient http = HttpClient.newHttpClient();

    static OverlaybdConfig sampleOnFreeLoopbackPorts(String serviceAddress) throws Exception {
        return ConfigLoader.parseGlobal(sampleJson(serviceAddress).toString(), "sample").config();
    }

    /** The sample overlaybd.json with the API at {@code serviceAddress}, the exporter on a free port, no TCMU. */
    static ObjectNode sampleJson(String serviceAddress) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(SAMPLE));
        root.putObject("serviceConfig").put("enable", true).put("address", serviceAddress);
        root.withObjectProperty("exporterConfig").put("enable", true).put("port", 0).put("address", "127.0.0.1");
        root.withObjectProperty("obd4j").withObjectProperty("tcmu").put("enable", false);
        return root;
    }

    @BeforeEach
    void start() throws Exception {
        OverlaybdConfig cfg = sampleOnFreeLoopbackPorts("http://127.0.0.1:0");
        daemon = new Daemon(cfg, new RawFileDevice.Opener(), List.of(), new SdNotify(null), cfg::download);
        daemon.start();
        api = "http://127.0.0.1:" + ((InetSocketAddress) daemon.apiAddress()).getPort();
        exporter = "http://127.0.0.1:" + ((InetSocketAddress) daemon.exporterAddress()).getPort();
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAnswersJson() throws Exception {
        HttpResponse<String> r = send("GET", api + "/health", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.get("status").asText()).isEqualTo("ok");
        assertThat(n.get("devices").asInt()).isZero();
    }

    @Test
    void unknownRouteIs404JsonAndWrongMethod405WithAllow() throws Exception {
        HttpResponse<String> r = send("GET", api + "/v2/nothing", null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("no route for GET /v2/nothing");
        HttpResponse<String> m = send("DELETE", api + "/health", null);
        assertThat(m.statusCode()).isEqualTo(405);
        assertThat(m.headers().firstValue("allow")).contains("GET");
        assertThat(JSON.readTree(m.body()).get("status").asInt()).isEqualTo(405);
        assertThat(send("GET", exporter + "/other", null).statusCode()).isEqualTo(404);
    }

    @Test
    void liveSnapshotCallHasOverlaybdsStatusCodesAndBodies() throws Exception {
        HttpResponse<String> missing = send("POST", api + "/snapshot?dev_id=1", null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).isEqualTo("{\n        \"success\": false,\n        \"message\": \"Missing dev_id or "
                + "config in snapshot request\"\n}");
        HttpResponse<String> unknown = send("GET", api + "/snapshot?dev_id=9&config=%2Ftmp%2Fx.json", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\n        \"success\": false,\n        \"message\": \"Image file not "
                + "found\"\n}");
        Path layer = Files.write(dir.resolve("layer"), new byte[4096]);
        Path cfg = Files.writeString(dir.resolve("config.v1.json"), "{\"lowers\":[{\"file\":\"" + layer + "\"}]}");
        daemon.images().open(cfg, "5");
        HttpResponse<String> failed = send("POST", api + "/snapshot?dev_id=5&config=" + dir + "/missing.json", null);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("{\n        \"success\": false,\n        \"message\": \"Failed to create "
                + "snapshot`\"\n}");
        for (String f : new String[] {"idx", "data"}) {
            Files.write(dir.resolve(f), new byte[0]);
        }
        Path next = Files.writeString(dir.resolve("next.json"), "{\"lowers\":[{\"file\":\"" + layer + "\"}],"
                + "\"upper\":{\"index\":\"" + dir + "/idx\",\"data\":\"" + dir + "/data\"}}");
        HttpResponse<String> ok = send("POST", api + "/snapshot?dev_id=5&config=" + next, null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\n        \"success\": true,\n        \"message\": \"Snapshot created "
                + "successfully\"\n}");
    }

    @Test
    void deviceRoutesOpenListGetAndClose() throws Exception {
        Path layer = Files.write(dir.resolve("layer"), new byte[8192]);
        Path result = dir.resolve("result");
        Path cfg = Files.writeString(dir.resolve("config.v1.json"), "{\"lowers\":[{\"file\":\"" + layer + "\"}],"
                + "\"resultFile\":\"" + result + "\"}");
        assertThat(send("POST", api + "/v1/devices", "not json").statusCode()).isEqualTo(400);
        assertThat(send("POST", api + "/v1/devices", "{\"id\":3,\"config\":\"/x\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> created = send("POST", api + "/v1/devices", "{\"id\":\"d1\",\"config\":\"" + cfg + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode d = JSON.readTree(created.body());
        assertThat(d.get("id").asText()).isEqualTo("d1");
        assertThat(d.get("sizeBytes").asLong()).isEqualTo(8192);
        assertThat(d.get("readOnly").asBoolean()).isTrue();
        assertThat(Files.readString(result)).isEqualTo("success");
        assertThat(send("POST", api + "/v1/devices", "{\"id\":\"d1\",\"config\":\"" + cfg + "\"}").statusCode())
                .isEqualTo(409);
        JsonNode list = JSON.readTree(send("GET", api + "/v1/devices", null).body());
        assertThat(list.size()).isEqualTo(1);
        assertThat(send("GET", api + "/v1/devices/d1", null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", api + "/v1/devices/d1", null).statusCode()).isEqualTo(204);
        assertThat(send("GET", api + "/v1/devices/d1", null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", api + "/v1/devices/d1", null).statusCode()).isEqualTo(404);
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"lowers\":[{\"digest\":\"sha256:" + "0".repeat(64)
                + "\"}],\"resultFile\":\"" + result + "\"}");
        HttpResponse<String> failed = send("POST", api + "/v1/devices", "{\"config\":\"" + bad + "\"}");
        assertThat(failed.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(failed.body()).get("error").asText()).isEqualTo("empty repoBlobUrl");
    }

    @Test
    void metricsScrapeParsesAndHasOverlaybdsContentType() throws Exception {
        daemon.metrics().pread().record(daemon.metrics().pread().start(), 4096);
        daemon.metrics().cacheHits().labels("file").inc();
        HttpResponse<String> r = send("GET", exporter + "/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("text/plain; version=0.0.4");
        assertThat(PrometheusText.values(r.body()))
                .containsEntry("OverlayBD_Count{node=pread, type=}", 4096.0)
                .containsEntry("obd4j_cache_hits_total{cache=file}", 1.0);
    }
}
