package io.obd4j.daemon.image;

import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.ForwardingSource;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A local layer file that writes overlaybd's {@code file:pread} audit line (spec §8) for every read taking 10 ms or
 * more: pathname = the local path, size = the requested count, latency in microseconds.
 */
final class AuditedLocalSource extends ForwardingSource {
    static final long SLOW_MICROS = 10_000;

    private final AuditLog audit;

    AuditedLocalSource(BlockSource inner, AuditLog audit) {
        super(inner);
        this.audit = audit;
    }

    @Override
    public int read(ByteBuffer dst, long offset) throws IOException {
        return audited(dst, offset, false);
    }

    /** A read served from the page cache is audited like any other; a refused one is not a read. */
    @Override
    public int readIfCached(ByteBuffer dst, long offset) throws IOException {
        return audited(dst, offset, true);
    }

    private int audited(ByteBuffer dst, long offset, boolean cachedOnly) throws IOException {
        int requested = dst.remaining();
        long start = System.nanoTime();
        int n = 0;
        try {
            n = cachedOnly ? inner.readIfCached(dst, offset) : inner.read(dst, offset);
            return n;
        } finally {
            long micros = (System.nanoTime() - start) / 1000;
            if (micros >= SLOW_MICROS && n != NOT_CACHED) {
                audit.record("file:pread", inner.name(), offset, requested, micros);
            }
        }
    }
}
