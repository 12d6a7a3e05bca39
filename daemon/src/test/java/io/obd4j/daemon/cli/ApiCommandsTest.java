package io.obd4j.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.daemon.TestDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code obd4j backing-image|snapshot|volume} against an in-process daemon's real API, addressed through the global
 * config's serviceConfig.address ({@code -c}) or {@code --api}: tables, {@code --json}, exit codes and refusals.
 */
class ApiCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIZE = 2 << 20;

    @TempDir
    Path dir;
    private TestDaemon d;
    private String cfg;

    @BeforeEach
    void start() throws Exception {
        d = new TestDaemon(dir);
        cfg = d.clientConfig().toString();
    }

    @AfterEach
    void stop() {
        d.close();
    }

    private static byte[] disk() {
        byte[] b = new byte[SIZE];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 256 << 10; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** A loopback server for one file at /disk.raw. */
    private static HttpServer serve(byte[] content) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/disk.raw", x -> {
            x.sendResponseHeaders(200, x.getRequestMethod().equals("HEAD") ? -1 : content.length);
            if (!x.getRequestMethod().equals("HEAD")) {
                x.getResponseBody().write(content);
            }
            x.close();
        });
        s.start();
        return s;
    }

    @Test
    void backingImageCreateListGetDownloadAndDeleteWithRefusals() throws Exception {
        byte[] disk = disk();
        String sha = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(disk));
        HttpServer server = serve(disk);
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/disk.raw";
            Cli.Run created = Cli.run("backing-image", "-c", cfg, "create", "base", "--url", url, "--checksum", sha,
                    "--compression", "lz4", "--wait");
            assertThat(created.exit()).as(created.err()).isZero();
            assertThat(created.out()).containsPattern("state: +ready").containsPattern("settings.compression: +lz4");

            Path file = Files.write(dir.resolve("up.raw"), disk);
            Cli.Run up = Cli.run("backing-image", "create", "up", "--file", file, "--block-size", "4096", "-c", cfg);
            assertThat(up.exit()).as(up.err()).isZero();

            Cli.Run list = Cli.run("backing-image", "-c", cfg, "list");
            assertThat(list.exit()).isZero();
            String[] lines = list.out().split("\n");
            assertThat(lines[0]).startsWith("NAME").contains("STATE", "COMPRESSION");
            assertThat(lines[1]).startsWith("base").contains("ready", "100%", "download", "raw", "" + SIZE, "lz4/4096");
            assertThat(lines[2]).startsWith("up").contains("ready", "upload", "4096", "none");

            JsonNode got = JSON.readTree(Cli.run("backing-image", "get", "base", "--json", "-c", cfg).out());
            assertThat(got.path("sourceChecksum").asText()).isEqualTo(sha);

            Path out = dir.resolve("base.raw");
            Cli.Run dl = Cli.run("backing-image", "--api", d.api(), "download", "base", "-o", out);
            assertThat(dl.exit()).as(dl.err()).isZero();
            assertThat(Files.readAllBytes(out)).isEqualTo(disk);

            RwLayer.create(dir.resolve("v.data"), dir.resolve("v.index"), LayerInfo.of(SIZE)).close();
            ObjectNode v = JSON.createObjectNode().put("id", "v").put("backingImage", "base");
            v.putObject("config").putObject("upper").put("data", dir.resolve("v.data").toString())
                    .put("index", dir.resolve("v.index").toString());
            d.expect(201, "POST", "/v1/devices", v.toString());
            Cli.Run inUse = Cli.run("backing-image", "-c", cfg, "delete", "base");
            assertThat(inUse.exit()).isEqualTo(1);
            assertThat(inUse.err()).contains("obd4j backing-image delete: 409", "in use by a volume");

            Cli.Run vols = Cli.run("volume", "-c", cfg, "list");
            assertThat(vols.out()).containsPattern("(?m)^v +open +config +" + SIZE + " +rw");
            Cli.Run closed = Cli.run("volume", "-c", cfg, "delete", "v");
            assertThat(closed.exit()).as(closed.err()).isZero();
            assertThat(closed.out()).contains("deleted v (closed; its files are the config's own)");
            assertThat(dir.resolve("v.data")).exists();

            assertThat(Cli.run("backing-image", "-c", cfg, "delete", "base").exit()).isZero();
            Cli.Run gone = Cli.run("backing-image", "-c", cfg, "get", "base");
            assertThat(gone.exit()).isEqualTo(1);
            assertThat(gone.err()).contains("404", "no backing image base");
            assertThat(dl.out()).contains(SIZE + " bytes");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void snapshotLifecycleAndVolumeDeleteRefusedWhileSnapshotsNeedIt() throws Exception {
        Path vd = Files.createDirectories(dir.resolve("vol"));
        RwLayer.create(vd.resolve("upper.data"), vd.resolve("upper.index"), LayerInfo.of(SIZE)).close();
        ObjectNode c = JSON.createObjectNode();
        c.putArray("lowers");
        c.putObject("upper").put("data", vd.resolve("upper.data").toString())
                .put("index", vd.resolve("upper.index").toString());
        Path config = Files.writeString(vd.resolve("config.v1.json"), c.toString());
        d.expect(201, "POST", "/v1/devices", "{\"id\":\"vol\",\"config\":\"" + config + "\"}");

        Cli.Run s1 = Cli.run("snapshot", "-c", cfg, "create", "--volume", "vol", "s1");
        assertThat(s1.exit()).as(s1.err()).isZero();
        assertThat(s1.out()).containsPattern("readyToUse: +true").containsPattern("restoreSize: +" + SIZE);
        Cli.Run list = Cli.run("snapshot", "-c", cfg, "list");
        assertThat(list.out().split("\n")[0]).startsWith("NAME").contains("READY", "RESTORE SIZE");
        assertThat(list.out()).containsPattern("(?m)^s1 +ready +true +vol +" + SIZE);
        assertThat(Cli.run("snapshot", "-c", cfg, "get", "s1").out()).containsPattern("sourceVolume: +vol");

        Cli.Run restore = Cli.run("snapshot", "-c", cfg, "restore", "--volume", "copy", "s1");
        assertThat(restore.exit()).as(restore.err()).isZero();
        Cli.Run busy = Cli.run("snapshot", "-c", cfg, "delete", "s1");
        assertThat(busy.exit()).isEqualTo(SnapshotCommand.RETRIABLE_EXIT);
        assertThat(busy.err()).contains("source of open volume(s) copy");

        Cli.Run volDel = Cli.run("volume", "-c", cfg, "delete", "vol");
        assertThat(volDel.exit()).isEqualTo(1);
        assertThat(volDel.err()).contains("409", "volume vol has snapshot(s) s1; delete them first");

        Path copyDir = dir.resolve("data/volumes/copy");
        assertThat(copyDir).isDirectory();
        Cli.Run vols = Cli.run("volume", "-c", cfg, "list", "--json");
        assertThat(JSON.readTree(vols.out()).findValuesAsText("id")).containsExactlyInAnyOrder("vol", "copy");
        Cli.Run copyDel = Cli.run("volume", "-c", cfg, "delete", "copy");
        assertThat(copyDel.exit()).as(copyDel.err()).isZero();
        assertThat(copyDel.out()).contains("deleted copy (files removed)");
        assertThat(copyDir).doesNotExist();

        assertThat(Cli.run("snapshot", "-c", cfg, "delete", "s1").exit()).isZero();
        assertThat(Cli.run("snapshot", "-c", cfg, "list", "--json").out().trim()).isEqualTo("[ ]");
        Cli.Run vol = Cli.run("volume", "-c", cfg, "delete", "vol");
        assertThat(vol.exit()).as(vol.err()).isZero();
        assertThat(Cli.run("volume", "-c", cfg, "delete", "vol").err()).contains("404", "no volume vol");
    }

    @Test
    void anUnreachableDaemonIsRetriableAndADisabledApiIsNamed() throws Exception {
        Cli.Run down = Cli.run("volume", "--api", "http://127.0.0.1:1", "list");
        assertThat(down.exit()).isEqualTo(SnapshotCommand.RETRIABLE_EXIT);
        assertThat(down.err()).contains("cannot reach the daemon at http://127.0.0.1:1");
        Path off = Files.writeString(dir.resolve("off.json"), "{\"serviceConfig\":{\"enable\":false}}");
        Cli.Run disabled = Cli.run("backing-image", "-c", off, "list");
        assertThat(disabled.exit()).isEqualTo(1);
        assertThat(disabled.err()).contains("serviceConfig.enable is false in " + off);
    }
}
