package io.obd4j.core.ext4;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

/**
 * One layer's {@code debugfs -w -z <undo> -f - <raw>} process, fed commands on stdin while the tar is still being
 * read, so parsing and spooling overlap debugfs's writes and a spooled file is deleted as soon as debugfs has
 * moved past the command that reads it. Each command is remembered with the tar entry it serves.
 *
 * <p>With {@code -f} debugfs makes stdout and stderr unbuffered ({@code source_file} in debugfs.c), so in the
 * merged output the echo {@code "debugfs: <command>"} comes before the messages that command causes. debugfs goes
 * on after a failed command; every line that is neither an echo nor one of the few success messages is an error of
 * the command echoed last. Arguments are double-quoted (debugfs's {@code ss} parser); a value that cannot be
 * written that way (a {@code "}, CR, LF or NUL) is refused by {@link #expressible} before it gets here.
 */
final class DebugfsSession implements AutoCloseable {
    /** debugfs reads command lines with {@code fgets(buf, BUFSIZ)}: a longer line would split in two. */
    static final int MAX_LINE = 8192;
    private static final String ECHO = "debugfs: ";
    private static final Pattern SUCCESS = Pattern.compile("|Allocated inode: \\d+|Setting current time to .*");
    private static final int MAX_ERRORS = 20;

    /** A debugfs error: the tar entry and command it belongs to ("" before the first command) and the message. */
    record Failure(String entry, String command, String message) {
    }

    private record Sent(String command, String entry, Path spooled) {
    }

    private final List<String> commandLine;
    private final long fakeTime;
    private final String layer;
    private Process process;
    private BufferedWriter in;
    private Thread reader;
    private final ConcurrentLinkedQueue<Sent> pending = new ConcurrentLinkedQueue<>();
    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<String> preamble = new ArrayList<>();
    private volatile Sent current;
    private volatile IOException readError;
    private String entry = "";
    private String cwd = "/";
    private int sent;
    private int echoed;
    private boolean finished;

    private DebugfsSession(List<String> commandLine, long fakeTime, String layer) {
        this.commandLine = commandLine;
        this.fakeTime = fakeTime;
        this.layer = layer;
    }

    /** A session for one layer; debugfs starts with the first command, so a layer that changes nothing runs none. */
    static DebugfsSession open(Path raw, Path undo, String layer, long fakeTime) throws IOException {
        List<String> cmd = List.of(E2fsTools.locate("debugfs"), "-w", "-z", undo.toString(), "-f", "-",
            raw.toString());
        return new DebugfsSession(cmd, fakeTime, layer);
    }

    private void startProcess() throws IOException {
        process = E2fsTools.start(commandLine, fakeTime, Map.of());
        in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.ISO_8859_1),
            1 << 16);
        reader = new Thread(this::readOutput, "debugfs-output-" + layer);
        reader.setDaemon(true);
        reader.start();
    }

    /** The tar entry (display form) the following commands belong to. */
    void forEntry(String displayName) {
        this.entry = displayName;
    }

    /** The tar entry the last commands were for. */
    String entry() {
        return entry;
    }

    void add(String command) throws IOException {
        add(command, null);
    }

    /** Sends a command; {@code spooled} (if not null) is deleted once debugfs has executed it. */
    void add(String command, Path spooled) throws IOException {
        if (command.length() >= MAX_LINE) {
            throw new LayerApplyException(layer, entry, "a debugfs command would be " + command.length()
                + " bytes long; debugfs reads at most " + (MAX_LINE - 1));
        }
        if (process == null) {
            startProcess();
        }
        pending.add(new Sent(command, entry, spooled));
        sent++;
        try {
            in.write(command);
            in.write('\n');
            if (spooled != null) {
                in.flush();
            }
        } catch (IOException e) {
            throw new LayerApplyException(layer, entry, "debugfs stopped taking commands: " + e.getMessage()
                + "; " + String.join(" | ", preamble()), e);
        }
    }

    /** Makes {@code dir} (absolute) debugfs's working directory, so names can be given without a path. */
    void cd(String dir) throws IOException {
        if (!dir.equals(cwd)) {
            add("cd " + quote(dir));
            cwd = dir;
        }
    }

    int size() {
        return sent;
    }

    /** True once debugfs has reported an error (the caller may stop feeding it). */
    boolean failed() {
        return !failures.isEmpty();
    }

    /** Ends the input, waits for debugfs and returns every error it reported (empty on success). */
    List<Failure> finish() throws IOException {
        finished = true;
        if (process == null) {
            return List.of();
        }
        try {
            in.close();
        } catch (IOException e) {
            // debugfs already exited; its output says why
        }
        int exit;
        try {
            reader.join();
            exit = process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for debugfs", e);
        }
        if (readError != null) {
            throw readError;
        }
        List<Failure> out = new ArrayList<>(failures);
        if (echoed < sent) {
            String why = out.isEmpty() ? String.join(" | ", preamble()) : out.get(0).message();
            Sent last = current;
            out.add(new Failure(last == null ? "" : last.entry(), last == null ? "" : last.command(),
                "debugfs stopped after " + echoed + " of " + sent + " commands (exit " + exit + "): " + why));
        } else if (out.isEmpty() && exit != 0) {
            out.add(new Failure("", "", "debugfs exited " + exit + " without an error message"));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            finish();
        }
    }

    private synchronized List<String> preamble() {
        return new ArrayList<>(preamble);
    }

    private void readOutput() {
        try (InputStream out = process.getInputStream()) {
            E2fsTools.forEachLine(out, this::line);
        } catch (IOException | UncheckedIOException e) {
            readError = e instanceof IOException io ? io : ((UncheckedIOException) e).getCause();
        } finally {
            done(current);
        }
    }

    private void line(String l) {
        Sent next = pending.peek();
        if (next != null && l.equals(ECHO + next.command())) {
            pending.poll();
            done(current);
            current = next;
            echoed++;
            return;
        }
        Sent c = current;
        if (c == null) {
            synchronized (this) {
                preamble.add(l);
            }
            return;
        }
        if (SUCCESS.matcher(l).matches() || failures.size() >= MAX_ERRORS) {
            return;
        }
        failures.add(new Failure(c.entry(), c.command(), l.strip()));
    }

    private static void done(Sent s) {
        if (s != null && s.spooled() != null) {
            try {
                Files.deleteIfExists(s.spooled());
            } catch (IOException e) {
                // the work directory is removed after the layer anyway
            }
        }
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
