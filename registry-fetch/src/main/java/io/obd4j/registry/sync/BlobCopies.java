package io.obd4j.registry.sync;

import io.obd4j.registry.BlobPusher;
import io.obd4j.registry.BlobStreamer;
import io.obd4j.registry.RegistryException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes blobs present in destination repositories, at most {@code proc} at a time: skipped when the destination has
 * it ({@code HEAD}), mounted when the same registry already holds it in another repository (the source, or a
 * destination filled earlier in this run), streamed otherwise. The same blob for the same repository is handled
 * once per run even when several images share it; a failed copy is forgotten so that a retry round tries again.
 */
final class BlobCopies {
    private static final Logger LOG = LoggerFactory.getLogger(BlobCopies.class);

    private final ExecutorService pool;
    private final SyncOptions options;
    private final SyncStats stats;
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    /** {@code registry base + digest} → a repository on that registry known to hold the blob. */
    private final Map<String, String> holders = new ConcurrentHashMap<>();
    /** {@code registry base + digest} → the copy streaming it into that registry right now. */
    private final Map<String, CompletableFuture<Void>> streaming = new ConcurrentHashMap<>();

    BlobCopies(ExecutorService pool, SyncOptions options, SyncStats stats) {
        this.pool = pool;
        this.options = options;
        this.stats = stats;
    }

    /** Completes when {@code blob} is in {@code to}. */
    CompletableFuture<Void> ensure(Endpoint from, Endpoint to, Descriptor blob) {
        String key = to.repository() + "@" + blob.digest();
        CompletableFuture<Void> f = inFlight.computeIfAbsent(key, k -> CompletableFuture.runAsync(() -> {
            try {
                copy(from, to, blob);
            } catch (RegistryException e) {
                throw new CompletionException(e);
            }
        }, pool));
        f.whenComplete((v, e) -> {
            if (e != null) {
                inFlight.remove(key, f);
            }
        });
        return f;
    }

    private void copy(Endpoint from, Endpoint to, Descriptor blob) throws RegistryException {
        BlobPusher pusher = new BlobPusher(to.client());
        String holderKey = to.repository().base() + "|" + blob.digest();
        if (pusher.exists(to.repository(), blob.digest())) {
            stats.blobsPresent.increment();
            holders.putIfAbsent(holderKey, to.repository().name());
            return;
        }
        if (mount(pusher, from, to, blob, holderKey)) {
            return;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> sibling = streaming.putIfAbsent(holderKey, mine);
        if (sibling != null) {
            // The same blob is streaming into another repository of this registry: wait, then mount from there.
            sibling.handle((v, e) -> null).join();
            if (!mount(pusher, from, to, blob, holderKey)) {
                stream(from, to, blob, holderKey);
            }
            return;
        }
        try {
            stream(from, to, blob, holderKey);
        } finally {
            streaming.remove(holderKey, mine);
            mine.complete(null);
        }
    }

    private boolean mount(BlobPusher pusher, Endpoint from, Endpoint to, Descriptor blob, String holderKey)
            throws RegistryException {
        String mountFrom = from.sameRegistry(to) ? from.repository().name() : holders.get(holderKey);
        if (mountFrom == null || mountFrom.equals(to.repository().name())
                || !pusher.mount(to.repository(), blob.digest(), mountFrom)) {
            return false;
        }
        LOG.debug("mounted {} into {} from {}", blob.digest(), to, mountFrom);
        stats.blobsMounted.increment();
        holders.putIfAbsent(holderKey, to.repository().name());
        return true;
    }

    private void stream(Endpoint from, Endpoint to, Descriptor blob, String holderKey) throws RegistryException {
        stats.bytesPlanned.add(blob.size());
        new BlobStreamer(from.client(), to.client(), options.chunkSize(), options.minBytesPerSecond())
                .copy(from.repository(), to.repository(), blob.digest(), blob.size(), stats.bytesStreamed::add);
        LOG.debug("copied {} ({} bytes) {} -> {}", blob.digest(), blob.size(), from, to);
        stats.blobsCopied.increment();
        stats.bytesCopied.add(blob.size());
        holders.putIfAbsent(holderKey, to.repository().name());
    }
}
