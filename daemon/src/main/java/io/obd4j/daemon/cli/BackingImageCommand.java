package io.obd4j.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code obd4j backing-image create|list|get|delete|download} through the daemon's API. */
@Command(name = "backing-image", mixinStandardHelpOptions = true, description = "Backing images (named read-only "
        + "base disks) through the daemon's HTTP API.", subcommands = {BackingImageCommand.Create.class,
        BackingImageCommand.ListImages.class, BackingImageCommand.Get.class, BackingImageCommand.Delete.class,
        BackingImageCommand.Download.class})
public final class BackingImageCommand extends ApiGroup {

    private static String path(String name) {
        return "/v1/backing-images/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    /** Exactly one source. */
    static final class Source {
        @Option(names = "--url", paramLabel = "URL", description = "Download it from an http(s) URL.")
        String url;

        @Option(names = "--file", paramLabel = "FILE", description = "Upload a local raw, qcow2 or overlaybd file.")
        Path file;

        @Option(names = "--clone", paramLabel = "NAME", description = "Copy another ready backing image.")
        String clone;

        @Option(names = "--export", paramLabel = "VOLUME", description = "Export the content of an open volume.")
        String export;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a backing image; with --wait "
            + "(or --file) print it once ready, else at once (pending).")
    static final class Create extends ApiSubcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--checksum", paramLabel = "SUM", description = "sha256:<hex>, sha512:<hex> or bare hex.")
        String checksum;

        @Option(names = "--block-size", paramLabel = "N", description = "Volume block size it is for: 512 or 4096.")
        Integer blockSize;

        @Option(names = "--front-end", paramLabel = "F", description = "Front end it is for: iscsi or tcmu.")
        String frontEnd;

        @Option(names = "--compression", paramLabel = "ALGO", description = "Store the layer as a ZFile: none, lz4 "
                + "or zstd.")
        String compression;

        @Option(names = "--compression-block-size", paramLabel = "N", description = "ZFile block size, 4096-32768.")
        Integer compressionBlockSize;

        @Option(names = "--wait", description = "Wait until it is ready or failed (exit 1 when failed).")
        boolean await;

        @Override
        int run(DaemonClient client) throws Exception {
            ObjectNode body = DaemonClient.JSON.createObjectNode().put("name", name);
            if (checksum != null) {
                body.put("checksum", checksum);
            }
            if (blockSize != null) {
                body.put("blockSize", blockSize);
            }
            if (frontEnd != null) {
                body.put("frontEnd", frontEnd);
            }
            if (compression != null) {
                body.put("compression", compression);
            }
            if (compressionBlockSize != null) {
                body.put("compressionBlockSize", compressionBlockSize);
            }
            if (source.url != null) {
                body.put("sourceType", "download").put("url", source.url);
            } else if (source.clone != null) {
                body.put("sourceType", "clone").put("source", source.clone);
            } else if (source.export != null) {
                body.put("sourceType", "export").put("source", source.export);
            } else {
                body.put("sourceType", "upload");
            }
            DaemonClient.Reply r = client.call("POST", "/v1/backing-images", body);
            if (!r.ok()) {
                return fail(r);
            }
            if (source.file != null) {
                r = client.upload(path(name) + "/upload", source.file);
            } else if (await) {
                r = awaitFinished(client);
            }
            int code = print(r, this::printFields);
            return code == 0 && r.json().path("state").asText().equals("failed") ? CliErrors.FAILED : code;
        }

        private DaemonClient.Reply awaitFinished(DaemonClient client) throws Exception {
            while (true) {
                DaemonClient.Reply r = client.call("GET", path(name), null);
                String state = r.ok() ? r.json().path("state").asText() : "";
                if (!r.ok() || state.equals("ready") || state.equals("failed")) {
                    return r;
                }
                Thread.sleep(200);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print every backing image.")
    static final class ListImages extends ApiSubcommand {
        @Override
        int run(DaemonClient client) throws Exception {
            return print(client.call("GET", "/v1/backing-images", null), list -> {
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode b : list) {
                    JsonNode s = b.path("settings");
                    rows.add(List.of(text(b.get("name")), text(b.get("state")), b.path("progress").asInt() + "%",
                            text(b.get("sourceType")), text(b.get("format")), text(b.get("virtualSize")),
                            s.path("blockSize").asText("-"), s.path("frontEnd").asText("-"),
                            s.path("compression").asText("-") + (s.path("compressionBlockSize").asInt() > 0
                                    ? "/" + s.path("compressionBlockSize").asInt() : ""),
                            b.path("error").asText("").isEmpty() ? "-" : b.path("error").asText()));
                }
                printTable(List.of("NAME", "STATE", "PROGRESS", "SOURCE", "FORMAT", "SIZE", "BLOCK", "FRONTEND",
                        "COMPRESSION", "ERROR"), rows);
            });
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print one backing image.")
    static final class Get extends ApiSubcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run(DaemonClient client) throws Exception {
            return print(client.call("GET", path(name), null), this::printFields);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a backing image (refused "
            + "while a volume uses it or it is transferring).")
    static final class Delete extends ApiSubcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run(DaemonClient client) throws Exception {
            return print(client.call("DELETE", path(name), null), n -> out().println("deleted " + name));
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true, description = "Write the disk a backing image "
            + "presents (raw, holes as zeros) to a file.")
    static final class Download extends ApiSubcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Where to write it "
                + "(replaced only once complete).")
        Path output;

        @Override
        int run(DaemonClient client) throws Exception {
            Path abs = output.toAbsolutePath();
            Path tmp = abs.resolveSibling(abs.getFileName() + ".part");
            DaemonClient.Reply r;
            try (OutputStream o = Files.newOutputStream(tmp)) {
                r = client.download(path(name) + "/download", o);
            } catch (java.io.IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            if (!r.ok()) {
                Files.deleteIfExists(tmp);
                return fail(r);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            if (!options().json) {
                out().println(abs + ": " + Files.size(abs) + " bytes");
            } else {
                out().println(DaemonClient.JSON.createObjectNode().put("file", abs.toString())
                        .put("bytes", Files.size(abs)).toPrettyString());
            }
            out().flush();
            return 0;
        }
    }
}
