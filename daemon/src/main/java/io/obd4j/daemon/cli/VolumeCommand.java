package io.obd4j.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code obd4j volume list|delete}: the daemon's volumes (open devices and volumes restored from snapshots). */
@Command(name = "volume", mixinStandardHelpOptions = true, description = "Volumes through the daemon's HTTP API.",
        subcommands = {VolumeCommand.ListVolumes.class, VolumeCommand.Delete.class})
public final class VolumeCommand extends ApiGroup {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print every volume.")
    static final class ListVolumes extends ApiSubcommand {
        @Override
        int run(DaemonClient client) throws Exception {
            return print(client.call("GET", "/v1/volumes", null), list -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode v : list) {
                    rows.add(List.of(text(v.get("id")), v.path("open").asBoolean() ? "open" : "closed",
                            v.path("restored").asBoolean() ? "restored" : "config", text(v.get("sizeBytes")),
                            v.has("readOnly") ? (v.path("readOnly").asBoolean() ? "ro" : "rw") : "-",
                            text(v.get("config"))));
                }
                printTable(List.of("ID", "STATE", "KIND", "SIZE", "MODE", "CONFIG"), rows);
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Close a volume and, when it was "
            + "restored from a snapshot, remove its files (refused while snapshots of it exist, another volume "
            + "stacks its layers, or a backing image is being exported from it).")
    static final class Delete extends ApiSubcommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        int run(DaemonClient client) throws Exception {
            return print(client.call("DELETE", "/v1/volumes/" + URLEncoder.encode(id, StandardCharsets.UTF_8), null),
                    n -> out().println("deleted " + id + (n.path("filesDeleted").asBoolean() ? " (files removed)"
                            : n.path("closed").asBoolean() ? " (closed; its files are the config's own)" : "")));
        }
    }
}
