package io.obd4j.daemon.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** Passes writes through and reports the byte count to a {@link Progress}. */
final class CountingChannel implements WritableByteChannel {
    private final WritableByteChannel out;
    private final Progress progress;

    CountingChannel(WritableByteChannel out, Progress progress) {
        this.out = out;
        this.progress = progress;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = out.write(src);
        progress.advance(n);
        return n;
    }

    @Override
    public boolean isOpen() {
        return out.isOpen();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
