package io.obd4j.iscsi;

/**
 * Netty allocator settings the iSCSI data path needs. Netty reads them once, when its pooled allocator class
 * initialises, so {@link #apply} runs first thing in every main and before the target starts.
 *
 * <p>Netty's per-thread cache keeps freed buffers only up to 32 KiB by default. Larger SCSI data buffers (a 1 MiB
 * READ's data-in) then go back to the arena, which frees an emptied 4 MiB chunk and soon allocates a new one on
 * the event loop: zeroed, page-faulted and charged to the memory cgroup again. 1 MiB QD32 reads swung between
 * 1.2 and 2.7 GB/s with that churn and hold the upper figure without it (docs/benchmarks.md). A user's own
 * {@code -Dio.netty.allocator.maxCachedBufferCapacity} wins.
 */
public final class NettyDefaults {
    static final String MAX_CACHED = "io.netty.allocator.maxCachedBufferCapacity";
    /** The largest data buffer the event loops keep for reuse: the usual largest I/O of Linux initiators. */
    static final int MAX_CACHED_BYTES = 1 << 20;

    private NettyDefaults() {
    }

    /** Sets the defaults that the user has not set; effective only before Netty's pooled allocator is first used. */
    public static void apply() {
        if (System.getProperty(MAX_CACHED) == null) {
            System.setProperty(MAX_CACHED, Integer.toString(MAX_CACHED_BYTES));
        }
    }

}
