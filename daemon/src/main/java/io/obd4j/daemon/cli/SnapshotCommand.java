package io.obd4j.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code obd4j snapshot create|list|get|delete|restore}: volume snapshots through the daemon's API. Exit 0 on
 * success, 1 on a final error, 75 (EX_TEMPFAIL) on a retriable one or when the daemon cannot be reached.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true, description = "Volume snapshots through the daemon's "
        + "HTTP API.", subcommands = {SnapshotCommand.Create.class, SnapshotCommand.ListSnapshots.class,
        SnapshotCommand.Get.class, SnapshotCommand.Delete.class, SnapshotCommand.Restore.class})
public final class SnapshotCommand extends ApiGroup {
    /** Exit code of a retriable failure. */
    public static final int RETRIABLE_EXIT = ApiSubcommand.RETRIABLE;


    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Snapshot a writable volume "
            + "(its I/O continues) and print the snapshot.")
    static final class Create extends ApiSubcommand {
        @Option(names = "--volume", required = true, description = "The volume (device id).")
        String volume;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run(DaemonClient client) throws Exception {
            return print(client.call("POST", "/v1/devices/" + enc(volume) + "/snapshots",
                    DaemonClient.JSON.createObjectNode().put("name", name)), this::printFields);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print every snapshot.")
    static final class ListSnapshots extends ApiSubcommand {
        @Override
        int run(DaemonClient client) throws Exception {
            return print(client.call("GET", "/v1/snapshots", null), list -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode s : list) {
                    rows.add(List.of(text(s.get("name")), text(s.get("state")), text(s.get("readyToUse")),
                            text(s.get("sourceVolume")), text(s.get("restoreSize")), text(s.get("creationTime")),
                            s.path("error").isObject() ? s.path("error").path("message").asText()
                                    + (s.path("error").path("retriable").asBoolean() ? " (retriable)" : "") : "-"));
                }
                printTable(List.of("NAME", "STATE", "READY", "VOLUME", "RESTORE SIZE", "CREATED", "ERROR"), rows);
            });
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print one snapshot.")
    static final class Get extends ApiSubcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run(DaemonClient client) throws Exception {
            return print(client.call("GET", "/v1/snapshots/" + enc(name), null), this::printFields);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a snapshot (refused while "
            + "a volume restored from it is open).")
    static final class Delete extends ApiSubcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run(DaemonClient client) throws Exception {
            return print(client.call("DELETE", "/v1/snapshots/" + enc(name), null),
                    n -> out().println("deleted " + name));
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Create and open a new volume "
            + "from a snapshot.")
    static final class Restore extends ApiSubcommand {
        @Option(names = "--volume", required = true, description = "The new volume's id.")
        String volume;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run(DaemonClient client) throws Exception {
            var body = DaemonClient.JSON.createObjectNode().put("id", volume);
            body.putObject("dataSource").put("kind", "VolumeSnapshot").put("name", name);
            return print(client.call("POST", "/v1/devices", body), this::printFields);
        }
    }
}
