package io.obd4j.registry.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of a sync run, read by progress displays while it runs and summarised at the end. Images and blobs
 * are counted once, when their task finally succeeds; bytes are counted as they stream (a retried copy counts its
 * bytes again in {@link #bytesStreamed}, never in {@link #bytesCopied}).
 */
public final class SyncStats {
    final LongAdder imagesSynced = new LongAdder();
    final LongAdder imagesUnchanged = new LongAdder();
    final LongAdder imagesNoPlatform = new LongAdder();
    final LongAdder blobsCopied = new LongAdder();
    final LongAdder blobsMounted = new LongAdder();
    final LongAdder blobsPresent = new LongAdder();
    final LongAdder bytesCopied = new LongAdder();
    final LongAdder bytesStreamed = new LongAdder();
    final LongAdder bytesPlanned = new LongAdder();
    final LongAdder manifestsPushed = new LongAdder();
    private final List<SyncFailure> failures = new ArrayList<>();

    /** Images whose destination was written (a manifest pushed). */
    public long imagesSynced() {
        return imagesSynced.sum();
    }

    /** Images whose destination already had the same manifest digest: nothing transferred. */
    public long imagesUnchanged() {
        return imagesUnchanged.sum();
    }

    /** Images left out because no platform matched {@code --os}/{@code --arch}. */
    public long imagesNoPlatform() {
        return imagesNoPlatform.sum();
    }

    public long blobsCopied() {
        return blobsCopied.sum();
    }

    public long blobsMounted() {
        return blobsMounted.sum();
    }

    /** Blobs the destination already had ({@code HEAD} → 200). */
    public long blobsPresent() {
        return blobsPresent.sum();
    }

    /** Bytes of the blobs copied successfully. */
    public long bytesCopied() {
        return bytesCopied.sum();
    }

    /** Bytes streamed so far, failed attempts included (for progress). */
    public long bytesStreamed() {
        return bytesStreamed.sum();
    }

    /** Bytes of every blob copy started so far (the progress total grows as images are examined). */
    public long bytesPlanned() {
        return bytesPlanned.sum();
    }

    public long manifestsPushed() {
        return manifestsPushed.sum();
    }

    /** Tasks that failed in the last round they ran in (after all retry rounds: the run's failures). */
    public synchronized List<SyncFailure> failures() {
        return List.copyOf(failures);
    }

    synchronized void replaceFailures(List<SyncFailure> last) {
        failures.clear();
        failures.addAll(last);
    }

    /** One line: {@code 3 images synced, 1 unchanged, ...; blobs: ...}. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%d images synced, %d unchanged, %d without a selected "
                + "platform, %d failed; blobs: %d copied (%d bytes), %d mounted, %d already present; %d manifests "
                + "pushed", imagesSynced(), imagesUnchanged(), imagesNoPlatform(), failures().size(), blobsCopied(),
                bytesCopied(), blobsMounted(), blobsPresent(), manifestsPushed());
    }

    /** A task that did not succeed: what it was and the last error. */
    public record SyncFailure(String task, String error) {
    }
}
