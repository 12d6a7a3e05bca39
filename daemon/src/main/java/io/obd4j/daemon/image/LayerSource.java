package io.obd4j.daemon.image;

import java.nio.file.Path;

/** Where one lower layer's bytes come from, as decided by overlaybd's open_lower_layer (spec §3.3). */
public sealed interface LayerSource permits LayerSource.Local, LayerSource.Remote {

    /** Index in {@code lowers[]} (bottom = 0, after the acceleration-layer pop). */
    int index();

    /** The first existing local candidate: {@code file}, {@code dir/overlaybd.commit}, {@code dir/.commit}, ... */
    record Local(int index, Path path) implements LayerSource {
    }

    /**
     * A registry blob: {@code url} is {@code repoBlobUrl/digest}; {@code remotePath} the {@code /}-prefixed form
     * overlaybd uses in messages and cache names; {@code dir} (may be empty) the download / cache directory.
     */
    record Remote(int index, String digest, String url, String remotePath, long size, String dir)
            implements LayerSource {
    }
}
