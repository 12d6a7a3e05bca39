package io.obd4j.daemon.cli;

import io.obd4j.registry.convert.ConvertListener;
import io.obd4j.registry.convert.ConvertResult;
import io.obd4j.registry.sync.Descriptor;
import java.io.PrintWriter;

/** One progress line per layer ({@code layer 2/3 [####....]}) over the layer blob's bytes read; nothing when off. */
final class ConvertProgress implements ConvertListener, AutoCloseable {
    private final ProgressOptions options;
    private final PrintWriter err;
    private Progress current = Progress.off();

    ConvertProgress(ProgressOptions options, PrintWriter err) {
        this.options = options;
        this.err = err;
    }

    @Override
    public void layerStarted(int index, int count, Descriptor source) {
        current.close();
        current = Progress.start(options, err, "layer " + (index + 1) + "/" + count, source.size());
    }

    @Override
    public void bytesRead(long bytes) {
        current.advance(bytes);
    }

    @Override
    public void layerFinished(int index, ConvertResult.Layer layer) {
        current.close();
        current = Progress.off();
    }

    @Override
    public void close() {
        current.close();
        current = Progress.off();
    }
}
