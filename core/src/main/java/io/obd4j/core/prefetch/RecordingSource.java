package io.obd4j.core.prefetch;

import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.ForwardingSource;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * overlaybd's {@code PrefetchFile} in record mode: a layer's unwrapped LSMT bytes whose every read that returns
 * exactly the bytes asked for is appended to the trace as {@code {'R', layer, count, offset}}.
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
        int want = dst.remaining();
        int n = inner.read(dst, offset);
        if (n == want) {
            recorder.recordRead(layer, n, offset);
        }
        return n;
    }
}
