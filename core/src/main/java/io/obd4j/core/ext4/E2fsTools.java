package io.obd4j.core.ext4;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds and runs Debian's e2fsprogs ({@code mke2fs}, {@code debugfs}, {@code e2undo}) as child processes with a
 * fixed environment: {@code E2FSPROGS_FAKE_TIME} for every time the library stamps, {@code LC_ALL=C} so the
 * messages this package parses are untranslated, and no user {@code mke2fs.conf}.
 */
final class E2fsTools {
    private static final List<String> DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin");

    private E2fsTools() {
    }

    /** The absolute path of an e2fsprogs (or coreutils) program, or an IOException saying what to install. */
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
        throw new IOException(program + " not found in " + dirs + ": install e2fsprogs (1.47) and coreutils");
    }

    /** Result of one run: exit code and everything written to stdout and stderr (merged, in order). */
    record Result(int exitCode, String output) {
    }

    /**
     * Runs {@code command} with the e2fsprogs environment, merging stderr into stdout; every output line goes to
     * {@code lines} as it arrives (Latin-1, so file names keep their bytes). Returns the exit code and the output.
     */
    static Result run(List<String> command, long fakeTime, Map<String, String> extraEnv, Consumer<String> lines)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("E2FSPROGS_FAKE_TIME", Long.toString(fakeTime));
        env.put("LC_ALL", "C");
        env.put("LANG", "C");
        env.remove("MKE2FS_CONFIG");
        env.remove("E2FSPROGS_LIBMAGIC_SUPPRESS");
        env.putAll(extraEnv);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                all.write(buf, 0, n);
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines.accept(line.toString(StandardCharsets.ISO_8859_1));
                        line.reset();
                    } else {
                        line.write(buf[i]);
                    }
                }
            }
            if (line.size() > 0) {
                lines.accept(line.toString(StandardCharsets.ISO_8859_1));
            }
        } catch (UncheckedIOException e) {
            p.destroyForcibly();
            throw e.getCause();
        }
        try {
            return new Result(p.waitFor(), all.toString(StandardCharsets.ISO_8859_1));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + command.get(0), e);
        }
    }

    /** Runs a command that must exit 0; otherwise an IOException with its command line and output. */
    static String runChecked(List<String> command, long fakeTime, Map<String, String> extraEnv) throws IOException {
        Result r = run(command, fakeTime, extraEnv, l -> { });
        if (r.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + r.exitCode() + ": " + r.output().strip());
        }
        return r.output();
    }
}
