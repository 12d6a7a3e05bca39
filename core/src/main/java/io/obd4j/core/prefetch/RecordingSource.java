package io.obd4j.core.prefetch;

import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.ForwardingSource;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * overlaybd's {@code PrefetchFile} in record mode: a layer's unwrapped LSMT bytes whose every read that returns
 * exactly the bytes asked for (from the page cache or not) is appended to the trace as
 * {@code {'R', layer, count, offset}}.
 */
public final class RecordingSource extends ForwardingSource {
    private final int layer;
    private final TraceRecorder recorder;

    public RecordingSource(BlockSource inner, int layer, TraceRecorder recorder) {
        super(inner);
        this.layer = layer;
        this.recorder = recorder;
    }

    @Override
    public int read(ByteBuffer dst, long offset) throws IOException {
        return recorded(dst.remaining(), offset, inner.read(dst, offset));
    }

    /** A read served from the page cache is recorded like any other: the trace lists what the device read. */
    @Override
    public int readIfCached(ByteBuffer dst, long offset) throws IOException {
        return recorded(dst.remaining(), offset, inner.readIfCached(dst, offset));
    }

    private int recorded(int want, long offset, int n) {
        if (n == want) {
            recorder.recordRead(layer, n, offset);
        }
        return n;
    }
}
