package io.obd4j.daemon.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code obd4j snapshot create|list|delete|restore}: volume snapshots through the local daemon's API. Exit 0 on
 * success, 1 on a final error, 75 (EX_TEMPFAIL) on a retriable one.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true, description = "Volume snapshots through the local "
        + "daemon's HTTP API.", subcommands = {SnapshotCommand.Create.class, SnapshotCommand.ListSnapshots.class,
        SnapshotCommand.Delete.class, SnapshotCommand.Restore.class})
public final class SnapshotCommand implements Callable<Integer> {
    static final int RETRIABLE_EXIT = 75;

    @Option(names = "--api", defaultValue = "http://127.0.0.1:9862", description = "The daemon's API address "
            + "(serviceConfig.address; default ${DEFAULT-VALUE}).")
    String api;

    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** One API call: prints the reply body (or the error) and maps it to the exit code. */
    int call(String method, String path, String body) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofMinutes(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r;
        try {
            r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(b.build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("obd4j snapshot: cannot reach the daemon at " + api + ": " + e);
            err.flush();
            return RETRIABLE_EXIT;
        }
        if (r.statusCode() / 100 == 2) {
            if (!r.body().isEmpty()) {
                out.println(r.body());
            }
            out.flush();
            return 0;
        }
        JsonNode e;
        try {
            e = SnapshotRecord.MAPPER.readTree(r.body());
        } catch (IOException ex) {
            e = SnapshotRecord.MAPPER.createObjectNode();
        }
        err.println("obd4j snapshot: " + r.statusCode() + " " + e.path("error").asText(r.body()));
        err.flush();
        return e.path("retriable").asBoolean() ? RETRIABLE_EXIT : 1;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Snapshot a writable volume "
            + "(its I/O continues) and print the snapshot.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        SnapshotCommand parent;

        @Option(names = "--volume", required = true, description = "The volume (device id).")
        String volume;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            String body = SnapshotRecord.MAPPER.createObjectNode().put("name", name).toString();
            return parent.call("POST", "/v1/devices/" + volume + "/snapshots", body);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print every snapshot (JSON array).")
    static final class ListSnapshots implements Callable<Integer> {
        @ParentCommand
        SnapshotCommand parent;

        @Override
        public Integer call() throws Exception {
            return parent.call("GET", "/v1/snapshots", null);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a snapshot (refused while "
            + "a volume restored from it is open).")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        SnapshotCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            return parent.call("DELETE", "/v1/snapshots/" + name, null);
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Create and open a new volume "
            + "from a snapshot.")
    static final class Restore implements Callable<Integer> {
        @ParentCommand
        SnapshotCommand parent;

        @Option(names = "--volume", required = true, description = "The new volume's id.")
        String volume;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            var body = SnapshotRecord.MAPPER.createObjectNode().put("id", volume);
            body.putObject("dataSource").put("kind", "VolumeSnapshot").put("name", name);
            return parent.call("POST", "/v1/devices", body.toString());
        }
    }
}
