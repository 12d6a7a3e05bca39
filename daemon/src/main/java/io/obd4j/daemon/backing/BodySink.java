package io.obd4j.daemon.backing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Takes a response body's chunks (on the HTTP client's threads) into a {@link SourceFile}. Once {@link #stop()}ped
 * (the exchange was cancelled or ended) it writes nothing more, so the waiting thread owns the file again; a write
 * failure is kept for {@link #rethrow()}.
 */
final class BodySink implements Consumer<Optional<byte[]>> {
    private final SourceFile out;
    private final LongConsumer progress;
    private final long started = System.nanoTime();
    private volatile long lastByte = -1;
    private boolean stopped;
    private IOException failure;

    BodySink(SourceFile out, LongConsumer progress) {
        this.out = out;
        this.progress = progress;
    }

    @Override
    public synchronized void accept(Optional<byte[]> chunk) {
        if (stopped || failure != null) {
            return;
        }
        try {
            if (chunk.isEmpty()) {
                out.sync();
                return;
            }
            lastByte = System.nanoTime();
            out.write(chunk.get());
            progress.accept(out.position());
        } catch (IOException e) {
            failure = e;
            throw new UncheckedIOException(e);
        }
    }

    /** When the last chunk came ({@link System#nanoTime()}), or -1 before the first. */
    long lastByteNanos() {
        return lastByte;
    }

    /** No chunk yet and {@code nanos} have passed since the request. */
    boolean idleSince(long nanos) {
        return lastByte < 0 && System.nanoTime() - started > nanos;
    }

    /** The response was refused before its body (wrong status or range). */
    synchronized void refuse(IOException e) {
        failure = e;
    }

    /** No more writes; the buffered bytes go to the file. */
    synchronized void stop() throws IOException {
        if (!stopped) {
            stopped = true;
            out.sync();
        }
    }

    synchronized void rethrow() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }
}
