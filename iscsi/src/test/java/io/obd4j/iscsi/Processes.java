package io.obd4j.iscsi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real initiator tools (libiscsi-bin, qemu-utils) as subprocesses with a time limit. */
final class Processes {
    /** Exit code and combined output of one run. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private Processes() {
    }

    static Result run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        return run(timeoutSeconds, Map.of(), command);
    }

    static Result run(long timeoutSeconds, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("iscsi-tool", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectOutput(out.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command)
                    + "\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** True when {@code tool} is on the PATH. */
    static boolean available(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** True when qemu has its iscsi block driver (Debian: qemu-block-extra). */
    static boolean qemuHasIscsi() throws IOException, InterruptedException {
        if (!available("qemu-img")) {
            return false;
        }
        Result r = run(30, "qemu-img", "--help");
        return r.output().contains("iscsi");
    }
}
