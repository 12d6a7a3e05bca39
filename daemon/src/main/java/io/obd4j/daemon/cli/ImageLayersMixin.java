package io.obd4j.daemon.cli;

import io.obd4j.core.image.Image;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How merge and export name an image: layer files bottom → top, {@code --upper}, or {@code --config}. */
final class ImageLayersMixin {
    @Option(names = "--config", paramLabel = "config.v1.json",
            description = "Take the layers from an image config (local lowers only; its upper too).")
    Path config;

    @Option(names = "--upper", paramLabel = "DATA,INDEX",
            description = "A writable layer on top of the layers (DATA alone for a sparse layer).")
    String upper;

    /** Opens the image from {@code layers} (bottom → top) plus the options. */
    Image open(List<Path> layers) throws IOException {
        List<Path> lowers = new ArrayList<>();
        String rw = upper;
        if (config != null) {
            LayerFiles.ConfigLayers c = LayerFiles.fromConfig(config);
            lowers.addAll(c.lowers());
            if (rw == null) {
                rw = c.upper();
            }
        }
        if (layers != null) {
            lowers.addAll(layers);
        }
        if (lowers.isEmpty() && rw == null) {
            throw new IllegalArgumentException("no layers: give LAYER files, --config or --upper");
        }
        return LayerFiles.image(lowers, rw);
    }
}
