package io.obd4j.daemon.image;

import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.ForwardingSource;
import io.obd4j.core.metrics.ReadMeter;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A remote layer source that feeds one of overlaybd's read meters (spec §9.2): {@code pread} around the cached
 * source, {@code download} around the raw registry reader. Every read counts one request, its latency and, when
 * positive, its bytes.
 */
final class MeteredSource extends ForwardingSource {
    private final ReadMeter meter;

    MeteredSource(BlockSource inner, ReadMeter meter) {
        super(inner);
        this.meter = meter;
    }

    @Override
    public int read(ByteBuffer dst, long offset) throws IOException {
        long start = meter.start();
        int n = -1;
        try {
            n = inner.read(dst, offset);
            return n;
        } finally {
            meter.record(start, n);
        }
    }

    /** Metered sources are remote: their reads go over the network on a worker, where they are metered. */
    @Override
    public int readIfCached(ByteBuffer dst, long offset) {
        return NOT_CACHED;
    }
}
