package io.obd4j.registry.convert;

import io.obd4j.core.convert.LayerBlob;
import io.obd4j.registry.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Stores finished layer blobs in the target on one background thread, in order, so that layer N uploads while
 * layer N+1 is converted (as the convertor pipelines its upload). A failed store is reported by the next call;
 * {@link #close()} stops the thread and waits for it, so the working directory can then be removed.
 */
final class BackgroundStore implements AutoCloseable {
    private final ImageTarget target;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "obd4j-convert-store");
        t.setDaemon(true);
        return t;
    });
    private final List<Future<ConvertResult.Layer>> pending = new ArrayList<>();

    BackgroundStore(ImageTarget target) {
        this.target = target;
    }

    /** Queues {@code blob} (the conversion of source layer {@code source}); its file is deleted once stored. */
    void store(Digest source, LayerBlob blob) throws IOException {
        for (Future<ConvertResult.Layer> f : pending) {
            if (f.isDone()) {
                result(f);
            }
        }
        Digest digest = Digest.parse("sha256:" + blob.sha256());
        pending.add(thread.submit(() -> {
            ImageTarget.Put put = target.putBlob(digest, blob.size(), blob.file());
            Files.deleteIfExists(blob.file());
            return new ConvertResult.Layer(source, digest, blob.size(), put);
        }));
    }

    /** Waits for every queued blob; the layers in the order they were queued. */
    List<ConvertResult.Layer> awaitAll() throws IOException {
        List<ConvertResult.Layer> out = new ArrayList<>(pending.size());
        for (Future<ConvertResult.Layer> f : pending) {
            out.add(result(f));
        }
        return out;
    }

    private static ConvertResult.Layer result(Future<ConvertResult.Layer> f) throws IOException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException ? (IOException) c : new IOException("storing a layer failed: " + c, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while storing layers", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
