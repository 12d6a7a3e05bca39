package io.obd4j.registry.convert;

import io.obd4j.core.io.BulkInputStream;
import io.obd4j.registry.StreamableSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A whole blob read as one stream that survives breaks: when the ranged GET breaks, stalls or runs long, a new one
 * is opened where the good bytes end. A break that brought no new bytes counts against {@code maxBreaks}; one that
 * did resets the count, so a flaky registry only slows a big layer down while a dead one still fails it.
 */
final class ResumingStream extends BulkInputStream {
    private final StreamableSource source;
    private final int maxBreaks;
    private ReadableByteChannel channel;
    private long position;
    private long positionAtOpen;
    private int breaks;

    ResumingStream(StreamableSource source, int maxBreaks) {
        this.source = source;
        this.maxBreaks = maxBreaks;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (position >= source.size()) {
                return -1;
            }
            try {
                if (channel == null) {
                    channel = source.openStream(position);
                    positionAtOpen = position;
                }
                int n = channel.read(ByteBuffer.wrap(b, off, len));
                if (n < 0) {
                    throw new IOException("stream ended at " + position + " of " + source.size() + " bytes");
                }
                position += n;
                return n;
            } catch (IOException e) {
                closeChannel();
                breaks = position > positionAtOpen ? 1 : breaks + 1;
                if (breaks > maxBreaks) {
                    throw new IOException(source.name() + ": blob stream broke " + breaks + " times at byte "
                            + position + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the broken stream is dropped either way
            }
            channel = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeChannel();
        source.close();
    }
}
