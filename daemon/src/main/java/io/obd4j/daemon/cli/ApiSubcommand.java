package io.obd4j.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A subcommand that makes API calls: prints a reply as a table / {@code key: value} lines, or its JSON with
 * {@code --json}; an error reply becomes {@code obd4j <cmd>: <status> <error>} on stderr. Exit 0 on success, 1 on a
 * final error, {@link #RETRIABLE} (EX_TEMPFAIL) when the daemon cannot be reached or says the error is retriable.
 */
abstract class ApiSubcommand implements Callable<Integer> {
    static final int RETRIABLE = 75;

    @Spec
    CommandSpec spec;

    @ParentCommand
    ApiGroup parent;

    /** The group's {@code -c}/{@code --api}/{@code --json}. */
    ApiOptions options() {
        return parent.api;
    }

    /** The calls and the printing; a thrown {@link IOException} means the daemon could not be reached. */
    abstract int run(DaemonClient client) throws Exception;

    @Override
    public final Integer call() throws Exception {
        DaemonClient client = options().client();
        try {
            return run(client);
        } catch (IOException e) {
            err().println(spec.qualifiedName() + ": cannot reach the daemon at " + client.address() + ": " + e);
            err().flush();
            return RETRIABLE;
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A 2xx reply goes to {@code human} (or is printed as JSON); others are reported. */
    int print(DaemonClient.Reply r, java.util.function.Consumer<JsonNode> human) throws IOException {
        if (!r.ok()) {
            return fail(r);
        }
        JsonNode n = r.json();
        if (options().json) {
            out().println(n.isNull() ? "{}" : n.toPrettyString());
        } else {
            human.accept(n);
        }
        out().flush();
        return 0;
    }

    /** Reports an error reply; 75 when it says it is retriable, else 1. */
    int fail(DaemonClient.Reply r) {
        JsonNode e;
        try {
            e = r.json();
        } catch (IOException ex) {
            e = DaemonClient.JSON.createObjectNode();
        }
        err().println(spec.qualifiedName() + ": " + r.status() + " " + e.path("error").asText(r.text()));
        err().flush();
        return e.path("retriable").asBoolean() ? RETRIABLE : CliErrors.FAILED;
    }

    /** {@code key: value} lines of an object, nested objects as {@code outer.inner}. */
    void printFields(JsonNode n) {
        List<String[]> rows = new ArrayList<>();
        flatten("", n, rows);
        int w = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] r : rows) {
            out().println(String.format("%-" + (w + 1) + "s %s", r[0] + ":", r[1]));
        }
    }

    private static void flatten(String prefix, JsonNode n, List<String[]> rows) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String key = prefix + f.getKey();
            if (f.getValue().isObject()) {
                flatten(key + ".", f.getValue(), rows);
            } else {
                rows.add(new String[] {key, text(f.getValue())});
            }
        }
    }

    /** A cell: text as is, null as "-", others as JSON. */
    static String text(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() ? "-" : v.isValueNode() ? v.asText() : v.toString();
    }

    /** Prints rows under headers, columns padded to their widest cell. */
    void printTable(List<String> headers, List<List<String>> rows) {
        int[] w = new int[headers.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = headers.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        printRow(headers, w);
        rows.forEach(r -> printRow(r, w));
    }

    private void printRow(List<String> cells, int[] w) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            sb.append(i == cells.size() - 1 ? c : String.format("%-" + (w[i] + 2) + "s", c));
        }
        out().println(sb.toString().stripTrailing());
    }
}
