package io.obd4j.registry.convert;

import io.obd4j.registry.sync.Descriptor;

/** What a conversion reports while it runs (the CLI draws a progress bar per layer from it). */
public interface ConvertListener {
    /** Reports nothing. */
    ConvertListener NONE = new ConvertListener() {
    };

    /** Layer {@code index} (0-based) of {@code count} starts; {@code source} is its descriptor. */
    default void layerStarted(int index, int count, Descriptor source) {
    }

    /** {@code bytes} more of the current layer's blob were read (compressed, as stored). */
    default void bytesRead(long bytes) {
    }

    /** Layer {@code index}'s overlaybd blob is stored in the target (reported in order once all are stored). */
    default void layerFinished(int index, ConvertResult.Layer layer) {
    }
}
