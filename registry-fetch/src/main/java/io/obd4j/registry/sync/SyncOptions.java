package io.obd4j.registry.sync;

import io.obd4j.registry.RetryPolicy;

/**
 * Knobs of one sync run.
 *
 * @param proc images synced at once and, separately, blob copies at once (image-syncer's {@code --proc})
 * @param retries extra rounds for the tasks that failed, run after every task ran once ({@code --retries})
 * @param platforms the {@code --os}/{@code --arch} selection applied to indexes and single images
 * @param chunkSize PATCH chunk size for blob uploads; 0 = one streamed PUT per blob
 * @param retry the per-request retry policy of the registry clients (inside one task)
 * @param minBytesPerSecond the slowest blob upload tolerated before it is cancelled and retried
 */
public record SyncOptions(int proc, int retries, PlatformFilter platforms, long chunkSize, RetryPolicy retry,
        long minBytesPerSecond) {
    /** image-syncer's defaults: 5 at once, 2 retry rounds; all platforms; monolithic uploads; ≥ 1 MiB/s. */
    public static SyncOptions defaults() {
        return new SyncOptions(5, 2, PlatformFilter.ALL, 0, RetryPolicy.defaults(), 1 << 20);
    }

    public SyncOptions {
        if (proc < 1) {
            throw new IllegalArgumentException("--proc must be at least 1, found " + proc);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("--retries must be 0 or more, found " + retries);
        }
        if (chunkSize < 0) {
            throw new IllegalArgumentException("--chunk-size must be 0 or more, found " + chunkSize);
        }
    }

    public SyncOptions withProc(int p) {
        return new SyncOptions(p, retries, platforms, chunkSize, retry, minBytesPerSecond);
    }

    public SyncOptions withRetries(int r) {
        return new SyncOptions(proc, r, platforms, chunkSize, retry, minBytesPerSecond);
    }

    public SyncOptions withPlatforms(PlatformFilter f) {
        return new SyncOptions(proc, retries, f, chunkSize, retry, minBytesPerSecond);
    }

    public SyncOptions withChunkSize(long c) {
        return new SyncOptions(proc, retries, platforms, c, retry, minBytesPerSecond);
    }

    public SyncOptions withRetry(RetryPolicy p) {
        return new SyncOptions(proc, retries, platforms, chunkSize, p, minBytesPerSecond);
    }
}
