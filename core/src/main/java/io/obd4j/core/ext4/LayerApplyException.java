package io.obd4j.core.ext4;

import java.io.IOException;

/** A layer tar could not be applied: names the layer, the tar entry (empty when none) and why. */
public final class LayerApplyException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String layer;
    private final String entry;
    private final String why;

    public LayerApplyException(String layer, String entry, String why) {
        this(layer, entry, why, null);
    }

    public LayerApplyException(String layer, String entry, String why, Throwable cause) {
        super("layer " + layer + (entry.isEmpty() ? "" : ", entry '" + entry + "'") + ": " + why, cause);
        this.layer = layer;
        this.entry = entry;
        this.why = why;
    }

    /** The reason alone, without layer and entry. */
    public String why() {
        return why;
    }

    public String layer() {
        return layer;
    }

    /** The tar entry's path as written in the tar (empty when the failure is not tied to one entry). */
    public String entry() {
        return entry;
    }
}
