package io.obd4j.daemon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Describes a layer file: kind, wrapping, headers, ZFile options, index statistics. */
@Command(name = "info", mixinStandardHelpOptions = true, description = {
    "Describe a layer file: tar wrapping, ZFile options (algorithm, block size, CRC, blocks, sizes, ratio), LSMT "
        + "header/trailer (flags decoded, uuid, parent, vsize, user tag) and index statistics. For an append-only "
        + "writable layer give DATA INDEX."})
public final class InfoCommand extends ToolCommand {
    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Parameters(index = "1", arity = "0..1", paramLabel = "INDEX")
    Path index;

    @Override
    Integer run() throws Exception {
        Map<String, Object> info = LayerInspector.inspect(file, index);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(info));
        } else {
            printText(out, info, "");
        }
        out.flush();
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static void printText(PrintWriter out, Map<String, Object> m, String indent) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map) {
                out.println(indent + e.getKey() + ":");
                printText(out, (Map<String, Object>) v, indent + "  ");
            } else if (v instanceof List) {
                out.println(indent + e.getKey() + ": " + String.join(",", (List<String>) v));
            } else {
                out.println(indent + e.getKey() + ": " + v);
            }
        }
    }
}
