package io.obd4j.core.ext4;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and runs Debian's e2fsprogs ({@code mke2fs}, {@code debugfs}, {@code e2undo}) as child processes with a
 * fixed environment: {@code E2FSPROGS_FAKE_TIME} for every time the library stamps, {@code LC_ALL=C} so the
 * messages this package parses are untranslated, and no user {@code mke2fs.conf}.
 */
final class E2fsTools {
    private static final List<String> DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin");

    private static final Pattern VERSION =
        Pattern.compile("debugfs (\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static volatile String version;

    private E2fsTools() {
    }

    /**
     * Checks once per JVM that debugfs is e2fsprogs 1.46 or newer (E2UNDO02 undo files, {@code set_current_time},
     * {@code E2FSPROGS_FAKE_TIME} honoured by the library); this package is tested with 1.47.0.
     */
    static String requireVersion() throws IOException {
        String v = version;
        if (v != null) {
            return v;
        }
        String out = runChecked(List.of(locate("debugfs"), "-V"), 1, Map.of());
        Matcher m = VERSION.matcher(out);
        if (!m.find()) {
            throw new IOException("cannot read the e2fsprogs version from debugfs -V: " + out.strip());
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < 1 || major == 1 && minor < 46) {
            throw new IOException("e2fsprogs " + m.group() + " is too old: 1.46 or newer is needed (tested: 1.47.0)");
        }
        version = m.group().substring("debugfs ".length());
        return version;
    }

    /** The absolute path of an e2fsprogs program, or an IOException saying what to install. */
    static String locate(String program) throws IOException {
        List<String> dirs = new ArrayList<>(DIRS);
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IOException(program + " not found in " + dirs + ": install e2fsprogs (1.47)");
    }

    /** Result of one run: exit code and everything written to stdout and stderr (merged, in order). */
    record Result(int exitCode, String output) {
    }

    /** Starts {@code command} with the e2fsprogs environment, stderr merged into stdout. */
    static Process start(List<String> command, long fakeTime, Map<String, String> extraEnv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("E2FSPROGS_FAKE_TIME", Long.toString(fakeTime));
        env.put("LC_ALL", "C");
        env.put("LANG", "C");
        env.remove("MKE2FS_CONFIG");
        env.putAll(extraEnv);
        return pb.start();
    }

    /** Feeds every line of {@code in} (Latin-1, so file names keep their bytes) to {@code lines}. */
    static void forEachLine(InputStream in, Consumer<String> lines) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) > 0) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    line.write(buf, from, i - from);
                    lines.accept(line.toString(StandardCharsets.ISO_8859_1));
                    line.reset();
                    from = i + 1;
                }
            }
            line.write(buf, from, n - from);
        }
        if (line.size() > 0) {
            lines.accept(line.toString(StandardCharsets.ISO_8859_1));
        }
    }

    /** Runs a command with no input; returns the exit code and the merged output. */
    static Result run(List<String> command, long fakeTime, Map<String, String> extraEnv) throws IOException {
        Process p = start(command, fakeTime, extraEnv);
        p.getOutputStream().close();
        StringBuilder all = new StringBuilder();
        try (InputStream in = p.getInputStream()) {
            forEachLine(in, l -> all.append(l).append('\n'));
        }
        try {
            return new Result(p.waitFor(), all.toString());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + command.get(0), e);
        }
    }

    /** Runs a command that must exit 0; otherwise an IOException with its command line and output. */
    static String runChecked(List<String> command, long fakeTime, Map<String, String> extraEnv) throws IOException {
        Result r = run(command, fakeTime, extraEnv);
        if (r.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + r.exitCode() + ": " + r.output().strip());
        }
        return r.output();
    }
}
