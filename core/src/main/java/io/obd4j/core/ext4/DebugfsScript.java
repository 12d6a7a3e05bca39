package io.obd4j.core.ext4;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The debugfs command file of one layer, one command a line, each remembered with the tar entry it serves so an
 * error debugfs prints can be traced back. Arguments are double-quoted (debugfs's {@code ss} parser); a value
 * that cannot be written that way (a {@code "}, CR, LF or NUL) is refused by {@link #expressible}.
 */
final class DebugfsScript implements Closeable {
    private final BufferedWriter out;
    private final List<String> commands = new ArrayList<>();
    private final List<String> entries = new ArrayList<>();
    private String entry = "";
    private String cwd = "/";

    DebugfsScript(Path file) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.ISO_8859_1),
            1 << 16);
    }

    /** The tar entry (display form) the following commands belong to. */
    void forEntry(String displayName) {
        this.entry = displayName;
    }

    void add(String command) throws IOException {
        out.write(command);
        out.write('\n');
        commands.add(command);
        entries.add(entry);
    }

    /** Makes {@code dir} (absolute) debugfs's working directory, so names can be given without a path. */
    void cd(String dir) throws IOException {
        if (!dir.equals(cwd)) {
            add("cd " + quote(dir));
            cwd = dir;
        }
    }

    int size() {
        return commands.size();
    }

    String command(int i) {
        return commands.get(i);
    }

    String entry(int i) {
        return entries.get(i);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** {@code "value"}; callers check {@link #expressible} first and report the entry when it is not. */
    static String quote(String value) {
        if (!expressible(value)) {
            throw new IllegalArgumentException("debugfs cannot be given " + TarEntry.display(value));
        }
        return '"' + value + '"';
    }

    static boolean expressible(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\n' || c == '\r' || c == 0) {
                return false;
            }
        }
        return true;
    }
}
