package io.obd4j.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.testing.Fixtures;
import io.obd4j.registry.BlobPusher;
import io.obd4j.registry.Digest;
import io.obd4j.registry.MediaTypes;
import io.obd4j.registry.RegistryClient;
import io.obd4j.registry.Repository;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code obd4j sync} as a user runs it: rules file in, summary on stdout, failures on stderr, exit code. */
class SyncCommandTest {
    @TempDir
    Path dir;

    @Test
    void syncsWithinOneRegistryByMountAndExitsZero() throws Exception {
        int port = freePort();
        List<String> env = List.of("REGISTRY_PORT=" + port, "REGISTRY_REDIRECT_PORT=" + freePort(),
                "PEER_STATE_DIR=" + dir.resolve("peers"));
        registrySh(env, "start");
        try (RegistryClient client = RegistryClient.builder().build()) {
            Repository repo = Repository.of(URI.create("http://127.0.0.1:" + port), "team/app");
            Digest manifest = pushTinyImage(client, repo);
            Path rules = dir.resolve("rules.json");
            Files.writeString(rules, "{\"auth\":{\"127.0.0.1:" + port + "\":{\"http\":true}},\"images\":{"
                    + "\"127.0.0.1:" + port + "/team/app:v1\":[\"127.0.0.1:" + port + "/mirror/app\","
                    + "\"127.0.0.1:" + port + "/mirror/renamed:stable\"]}}");
            Cli.Run run = Cli.run("sync", "--config", rules, "--no-progress");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("sync: 2 images synced").contains("0 failed").contains("mounted");
            Repository renamed = Repository.of(URI.create("http://127.0.0.1:" + port), "mirror/renamed");
            assertThat(client.getManifest(renamed, "stable").digest()).isEqualTo(manifest);

            Cli.Run again = Cli.run("sync", "--config", rules, "--no-progress");
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(again.out()).contains("0 images synced, 2 unchanged");
        } finally {
            registrySh(env, "stop");
        }
    }

    @Test
    void unreachableSourceFailsWithExitOneAndNamesTheTask() throws Exception {
        int port = freePort();
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "auth:\n  127.0.0.1:" + port + ": {http: true}\nimages:\n  127.0.0.1:" + port
                + "/team/app:v1: 127.0.0.1:" + port + "/mirror/app\n");
        Cli.Run run = Cli.run("sync", "-c", rules, "--retries", "0", "--no-progress");
        assertThat(run.exit()).isEqualTo(CliErrors.FAILED);
        assertThat(run.out()).contains("1 failed");
        assertThat(run.err()).contains("failed: 127.0.0.1:" + port + "/team/app:v1 -> ");
    }

    @Test
    void badRulesAndBadOptionsAreRefusedWithTheirName() throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "images:\n  reg.example/a/b:v1: 42\n");
        Cli.Run bad = Cli.run("sync", "--config", rules);
        assertThat(bad.exit()).isEqualTo(CliErrors.FAILED);
        assertThat(bad.err()).contains("rules.yaml: images.\"reg.example/a/b:v1\": expected a string, found number");
        Cli.Run both = Cli.run("sync", "--config", rules, "--images", rules);
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("either --config FILE or --images FILE");
        Cli.Run proc = Cli.run("sync", "--config", rules, "--proc", "0");
        assertThat(proc.exit()).isEqualTo(2);
        assertThat(proc.err()).contains("--proc must be at least 1");
    }

    private static Digest pushTinyImage(RegistryClient client, Repository repo) throws IOException {
        BlobPusher p = new BlobPusher(client);
        byte[] layer = "obd4j sync CLI test layer".getBytes(StandardCharsets.UTF_8);
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        for (byte[] b : List.of(layer, config)) {
            Path f = Files.createTempFile("blob", ".bin");
            Files.write(f, b);
            p.pushMonolithic(repo, Digest.sha256(b), f);
            Files.delete(f);
        }
        String m = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(config) + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER + "\",\"digest\":\"" + Digest.sha256(layer)
                + "\",\"size\":" + layer.length + "}]}";
        return p.pushManifest(repo, "v1", MediaTypes.OCI_MANIFEST, m.getBytes(StandardCharsets.UTF_8));
    }

    private static void registrySh(List<String> env, String cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Fixtures.tool("registry.sh").toString(), cmd)
                .redirectErrorStream(true);
        for (String e : env) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("registry.sh " + cmd + ": " + out).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
