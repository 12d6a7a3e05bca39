package io.obd4j.daemon.image;

import io.obd4j.core.config.ImageConfig;
import io.obd4j.core.config.LayerConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A config.v1.json with every lower resolved to a {@link LayerSource} and the upper files checked, ready for an
 * {@link ImageOpener}. {@code accelerationLayer} is the popped last lower, when the config has one.
 */
public record ResolvedImage(Path configPath, String devId, ImageConfig config, List<LayerSource> lowers,
                            Optional<LayerConfig> accelerationLayer) {
    public ResolvedImage {
        lowers = List.copyOf(lowers);
    }

    public boolean isReadOnly() {
        return config.isReadOnly();
    }
}
