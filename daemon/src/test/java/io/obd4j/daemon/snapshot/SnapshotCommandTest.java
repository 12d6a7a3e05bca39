package io.obd4j.daemon.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import io.obd4j.daemon.Main;
import io.obd4j.daemon.api.HttpServer;
import io.obd4j.daemon.cli.SnapshotCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code obd4j snapshot} against a real API server on loopback (the snapshot routes alone). */
class SnapshotCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void createsListsRestoresAndDeletesWithExitCodesForFinalAndRetriableErrors() throws Exception {
        try (SnapshotFixture f = new SnapshotFixture(dir, CreationPause.none());
             HttpServer server = HttpServer.tcp("api", f.router, "127.0.0.1", 0)) {
            String api = "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
            Path config = SnapshotFixture.volumeConfig(dir, "vol");
            f.call("POST", "/v1/devices", "{\"id\":\"vol\",\"config\":\"" + config + "\"}");

            Run created = run("snapshot", "--api", api, "create", "--json", "--volume", "vol", "s1");
            assertThat(created.exit()).as(created.err()).isZero();
            assertThat(SnapshotRecord.MAPPER.readTree(created.out()).get("readyToUse").asBoolean()).isTrue();
            Run dup = run("snapshot", "--api", api, "create", "--volume", "vol", "s1");
            assertThat(dup.exit()).isEqualTo(1);
            assertThat(dup.err()).contains("409", "snapshot s1 already exists");

            JsonNode list = SnapshotRecord.MAPPER.readTree(run("snapshot", "--api", api, "list", "--json").out());
            assertThat(list.findValuesAsText("name")).containsExactly("s1");
            assertThat(run("snapshot", "--api", api, "restore", "--volume", "copy", "s1").exit()).isZero();
            Run inUse = run("snapshot", "--api", api, "delete", "s1");
            assertThat(inUse.exit()).as("retriable").isEqualTo(SnapshotCommand.RETRIABLE_EXIT);
            assertThat(inUse.err()).contains("source of open volume(s) copy");
            f.call("DELETE", "/v1/devices/copy", null);
            assertThat(run("snapshot", "--api", api, "delete", "s1").exit()).isZero();
            assertThat(SnapshotRecord.MAPPER.readTree(run("snapshot", "--api", api, "list", "--json").out())).isEmpty();
            assertThat(run("snapshot", "--api", api).exit()).isEqualTo(2);
        }
    }
}
