package io.obd4j.registry.download;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Makes the downloaded prefix durable off the copy loop: {@code fdatasync} of the temp file, then the progress file
 * records the offset synced (so a restart never resumes past data that may be lost). At most one sync runs at a
 * time; offers while one runs are skipped. Without it, the stream would stop for every sync.
 */
final class ProgressSyncer implements AutoCloseable {
    private final FileChannel channel;
    private final Path progressFile;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "obd4j-bk-download-sync");
        t.setDaemon(true);
        return t;
    });
    private Future<?> pending;

    ProgressSyncer(FileChannel channel, Path progressFile) {
        this.channel = channel;
        this.progressFile = progressFile;
    }

    /** Starts syncing everything written before {@code offset}, unless a sync is still running. */
    void offer(long offset) throws IOException {
        if (pending != null) {
            if (!pending.isDone()) {
                return;
            }
            awaitPending();
        }
        pending = thread.submit(() -> {
            channel.force(false);
            Files.writeString(progressFile, Long.toString(offset), StandardCharsets.US_ASCII);
            return null;
        });
    }

    /** Waits for the running sync, then syncs data and metadata of everything written. */
    void finish() throws IOException {
        awaitPending();
        channel.force(true);
    }

    private void awaitPending() throws IOException {
        Future<?> p = pending;
        pending = null;
        if (p == null) {
            return;
        }
        Tasks.await(p, "a progress sync");
    }

    /** Lets a running sync finish (interrupting it would close the file channel) and stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
