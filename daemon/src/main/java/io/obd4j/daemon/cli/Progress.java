package io.obd4j.daemon.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A live progress line on stderr, redrawn at most every 200 ms with {@code \r}, ended with a newline by
 * {@link #close()}. A disabled progress prints nothing at all, so scripts and redirected output stay clean.
 */
final class Progress implements AutoCloseable {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final Progress OFF = new Progress(null, null, 0);

    private final PrintWriter err;
    private final ProgressBar bar;
    private final long start = System.nanoTime();
    private long total;
    private long done;
    private long lastDraw;
    private boolean drawn;

    private Progress(PrintWriter err, ProgressBar bar, long total) {
        this.err = err;
        this.bar = bar;
        this.total = total;
    }

    /** A progress that prints nothing. */
    static Progress off() {
        return OFF;
    }

    /**
     * A progress line for {@code total} bytes (0 = unknown), shown when {@code options.progress} says so or, by
     * default, when a terminal is attached.
     */
    static Progress start(ProgressOptions options, PrintWriter err, String label, long total) {
        boolean show = options.progress != null ? options.progress : isTerminal();
        return show ? new Progress(err, new ProgressBar(label, 30), total) : OFF;
    }

    /**
     * True when the JVM has a console (stdin and stdout are a terminal) and stderr is a terminal too (Linux: fd 2
     * points at a tty or pty).
     */
    static boolean isTerminal() {
        if (System.console() == null) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    boolean enabled() {
        return err != null;
    }

    void total(long newTotal) {
        total = newTotal;
    }

    /** Adds {@code bytes} to the done count and redraws if due. */
    void advance(long bytes) {
        if (err == null) {
            return;
        }
        done += bytes;
        long now = System.nanoTime();
        if (!drawn || now - lastDraw >= REDRAW_NANOS) {
            draw(now);
        }
    }

    private void draw(long now) {
        lastDraw = now;
        drawn = true;
        err.print('\r' + bar.render(done, total, now - start));
        err.flush();
    }

    @Override
    public void close() {
        if (err == null) {
            return;
        }
        draw(System.nanoTime());
        err.println();
        err.flush();
    }
}
