package io.obd4j.registry.download;

import java.time.Duration;

/** The {@code download} object of {@code config.v1.json} / {@code overlaybd.json}. */
public final class DownloadOptions {
    final Duration delay;
    final Duration delayExtra;
    final int maxMBps;
    final int tryCnt;
    final int blockSize;
    final int concurrency;

    /** With 4 block reads in flight for sources that cannot stream (see {@link #withConcurrency}). */
    public DownloadOptions(Duration delay, Duration delayExtra, int maxMBps, int tryCnt, int blockSize) {
        this(delay, delayExtra, maxMBps, tryCnt, blockSize, 4);
    }

    private DownloadOptions(Duration delay, Duration delayExtra, int maxMBps, int tryCnt, int blockSize,
            int concurrency) {
        if (tryCnt < 1 || blockSize < 4096) {
            throw new IllegalArgumentException("download.tryCnt must be >= 1 and blockSize >= 4096, found "
                    + tryCnt + ", " + blockSize);
        }
        this.delay = delay;
        this.delayExtra = delayExtra;
        this.maxMBps = maxMBps;
        this.tryCnt = tryCnt;
        this.blockSize = blockSize;
        if (concurrency < 1 || concurrency > 64) {
            throw new IllegalArgumentException("download concurrency must be 1..64, found " + concurrency);
        }
        this.concurrency = concurrency;
    }

    /**
     * How many {@code blockSize} reads may be in flight at once (written in order) when the source cannot stream
     * ({@link io.obd4j.registry.StreamableSource}); a registry blob is read as one stream and ignores this. overlaybd
     * reads one block at a time. Not a config key.
     */
    public DownloadOptions withConcurrency(int n) {
        return new DownloadOptions(delay, delayExtra, maxMBps, tryCnt, blockSize, n);
    }

    public int concurrency() {
        return concurrency;
    }

    /** From config values in seconds, with overlaybd's rule that {@code delayExtra == 0} means 30. */
    public static DownloadOptions fromConfig(int delay, int delayExtra, int maxMBps, int tryCnt, int blockSize) {
        return new DownloadOptions(Duration.ofSeconds(delay), Duration.ofSeconds(delayExtra == 0 ? 30 : delayExtra),
                maxMBps, tryCnt, blockSize);
    }

    /** overlaybd's defaults: delay 300 s, delayExtra 30 s, 100 MB/s, 5 tries, 256 KiB blocks. */
    public static DownloadOptions defaults() {
        return fromConfig(300, 30, 100, 5, 262144);
    }

    public int maxMBps() {
        return maxMBps;
    }

    public int tryCnt() {
        return tryCnt;
    }

    public int blockSize() {
        return blockSize;
    }
}
