package io.obd4j.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.OverlaybdConfig;
import io.obd4j.core.metrics.Obd4jMetrics;
import io.obd4j.daemon.image.FormatImageOpener;
import io.obd4j.nativeio.SdNotify;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An in-process daemon on a loopback API port (real {@link FormatImageOpener}, no front end), with backing images
 * and snapshots under {@code dir}, and {@link #clientConfig()}: a global config whose {@code serviceConfig.address}
 * is the port it really listens on, for the CLI's {@code -c}.
 */
public final class TestDaemon implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FormatImageOpener opener;
    private final Daemon daemon;
    private final String api;
    private final Path clientConfig;
    private final HttpClient http = HttpClient.newHttpClient();

    public TestDaemon(Path dir) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("serviceConfig").put("enable", true).put("address", "http://127.0.0.1:0");
        root.putObject("cacheConfig").put("cacheType", "file").put("cacheDir", dir.resolve("cache").toString())
                .put("cacheSizeGB", 1);
        ObjectNode obd4j = root.putObject("obd4j");
        obd4j.putObject("tcmu").put("enable", false);
        obd4j.put("dataDir", dir.resolve("data").toString());
        obd4j.putObject("backingImages").put("dir", dir.resolve("backing").toString())
                .put("checkIntervalSeconds", 0);
        OverlaybdConfig cfg = ConfigLoader.parseGlobal(root.toString(), "test.json").config();
        opener = new FormatImageOpener(cfg, AuditLog.disabled(), new Obd4jMetrics());
        daemon = new Daemon(cfg, opener, List.of(), new SdNotify(null), cfg::download);
        daemon.start();
        api = "http://127.0.0.1:" + ((InetSocketAddress) daemon.apiAddress()).getPort();
        ((ObjectNode) root.get("serviceConfig")).put("address", api);
        clientConfig = Files.writeString(dir.resolve("client-overlaybd.json"), root.toPrettyString());
    }

    public Daemon daemon() {
        return daemon;
    }

    public String api() {
        return api;
    }

    public Path clientConfig() {
        return clientConfig;
    }

    /** One API call with an optional JSON body. */
    public HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).method(method, json == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body of a call that must answer {@code status}. */
    public JsonNode expect(int status, String method, String path, String json) throws Exception {
        HttpResponse<String> r = send(method, path, json);
        if (r.statusCode() != status) {
            throw new AssertionError(method + " " + path + ": expected " + status + ", got " + r.statusCode() + " "
                    + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    @Override
    public void close() {
        daemon.close();
        opener.close();
    }
}
