package io.obd4j.core.image;

import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.format.lsmt.LsmtReader;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.io.LocalFileSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live-snapshot restack (overlaybd {@code LSMTFile::restack}, spec §1.10): the current writable layer is sealed
 * in place ({@code close_seal}) and reopened as the new top read-only layer (tag 0, the old lowers shift to
 * 1..n), and the new writable layer takes tag n + 1. The merged lower index is rebuilt from the sealed layer's index
 * and the old lowers; it names the same data as overlaybd's {@code commit_index0}.
 */
final class Restack {
    private static final Logger LOG = LoggerFactory.getLogger(Restack.class);
    private Restack() {
    }

    static Image.State restack(Image.State s, RwLayer newUpper) throws IOException {
        RwLayer old = s.upper();
        if (old == null) {
            throw new IllegalStateException("restack needs a writable layer to seal");
        }
        Path sealedPath = old.dataPath();
        if (newUpper.dataPath().toAbsolutePath().equals(sealedPath.toAbsolutePath())) {
            throw new IllegalArgumentException("the new writable layer must use another data file than "
                    + sealedPath);
        }
        old.seal();
        LocalFileSource src = LocalFileSource.open(sealedPath);
        LsmtLayer sealed;
        try {
            sealed = LsmtReader.open(src, sealedPath.toString());
        } catch (IOException | RuntimeException e) {
            src.close();
            throw e;
        }
        List<LsmtLayer> bottomToTop = new ArrayList<>();
        if (s.lowers() != null) {
            bottomToTop.addAll(s.lowers().layersTopFirst());
            Collections.reverse(bottomToTop);
        }
        bottomToTop.add(sealed);
        LOG.info("restack: sealed {} ({} records) as read-only layer {} of {}; writable layer now {}", sealedPath,
                sealed.index().size(), bottomToTop.size() - 1, bottomToTop.size(), newUpper.dataPath());
        return Image.stack(LayerStack.of(bottomToTop), newUpper);
    }
}
