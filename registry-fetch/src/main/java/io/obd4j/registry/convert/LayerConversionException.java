package io.obd4j.registry.convert;

import java.io.IOException;

/** A source layer that could not be converted: names the layer (index and digest) and, if known, the tar entry. */
public final class LayerConversionException extends IOException {
    private final String layer;
    private final String entry;

    public LayerConversionException(int index, int count, String layer, String entry, String reason,
            Throwable cause) {
        super("layer " + (index + 1) + "/" + count + " " + layer + (entry == null ? "" : ", tar entry '" + entry + "'")
                + ": " + reason, cause);
        this.layer = layer;
        this.entry = entry;
    }

    /** The source layer's digest. */
    public String layer() {
        return layer;
    }

    /** The tar entry that failed, or null. */
    public String entry() {
        return entry;
    }
}
