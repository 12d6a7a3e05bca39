package io.obd4j.registry;

import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/**
 * A {@link BlockSource} that can also hand out its bytes from an offset to the end as one stream (for a registry
 * blob: one ranged GET instead of one request per block), which is how a whole-blob copy should read it.
 */
public interface StreamableSource extends BlockSource {
    /**
     * The bytes {@code [offset, size())} in order. The channel throws (never returns -1 early) when the stream
     * breaks, stalls or runs long; the caller opens a new one at the offset it reached.
     */
    ReadableByteChannel openStream(long offset) throws IOException;
}
