package io.obd4j.core.ext4;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs one layer's command file: {@code debugfs -w -z <undo> -f <commands> <raw>} under {@code stdbuf -oL}, so
 * that the echo of each command ({@code "debugfs: <command>"}, stdout) comes before the messages it causes
 * (stderr, unbuffered) in the merged output. debugfs goes on after a failed command; every line that is neither
 * a command echo nor one of the few success messages is an error of the command echoed last.
 */
final class DebugfsRun {
    private static final String ECHO = "debugfs: ";
    private static final Pattern SUCCESS = Pattern.compile("|Allocated inode: \\d+|Setting current time to .*");
    private static final int MAX_ERRORS = 20;

    /** One debugfs error: the command index it belongs to (-1 before the first command) and the message. */
    record Failure(int command, String message) {
    }

    private final DebugfsScript script;
    private final List<Failure> failures = new ArrayList<>();
    private final List<String> preamble = new ArrayList<>();
    private int echoed;

    private DebugfsRun(DebugfsScript script) {
        this.script = script;
    }

    /** Runs debugfs over the finished script; returns the errors it printed (empty on success). */
    static List<Failure> run(Path raw, Path commands, Path undo, DebugfsScript script, long fakeTime)
            throws IOException {
        DebugfsRun r = new DebugfsRun(script);
        List<String> cmd = List.of(E2fsTools.locate("stdbuf"), "-oL", E2fsTools.locate("debugfs"), "-w",
            "-z", undo.toString(), "-f", commands.toString(), raw.toString());
        E2fsTools.Result result = E2fsTools.run(cmd, fakeTime, Map.of(), r::line);
        if (r.echoed < script.size()) {
            String why = r.failures.isEmpty() ? String.join(" | ", r.preamble) : r.failures.get(0).message();
            r.failures.add(new Failure(Math.max(0, r.echoed - 1), "debugfs stopped after " + r.echoed + " of "
                + script.size() + " commands (exit " + result.exitCode() + "): " + why));
        } else if (r.failures.isEmpty() && result.exitCode() != 0) {
            r.failures.add(new Failure(-1, "debugfs exited " + result.exitCode() + " without an error message"));
        }
        return r.failures;
    }

    private void line(String l) {
        if (echoed < script.size() && l.equals(ECHO + script.command(echoed))) {
            echoed++;
            return;
        }
        if (echoed == 0) {
            preamble.add(l);
            return;
        }
        if (SUCCESS.matcher(l).matches() || failures.size() >= MAX_ERRORS) {
            return;
        }
        failures.add(new Failure(echoed - 1, l.strip()));
    }
}
