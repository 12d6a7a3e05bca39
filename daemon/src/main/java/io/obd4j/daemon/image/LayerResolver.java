package io.obd4j.daemon.image;

import io.obd4j.core.config.ImageConfig;
import io.obd4j.core.config.LayerConfig;
import io.obd4j.core.config.OpenErrors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The format-independent part of overlaybd's device open (spec §3.2–3.3): acceleration-layer pop, the local
 * candidate order of each lower, the remote fallback and its {@code repoBlobUrl} check, and the upper-files check,
 * each failing with overlaybd's exact resultFile text.
 */
public final class LayerResolver {
    /** overlaybd stacks at most 255 read-only layers. */
    public static final int MAX_LOWERS = 255;
    static final String[] DIR_CANDIDATES = {"overlaybd.commit", ".commit", "overlaybd.sealed"};

    private LayerResolver() {
    }

    public static ResolvedImage resolve(Path configPath, String devId, ImageConfig config)
            throws ImageServiceException {
        if (config.accelerationLayer() && !config.recordTracePath().isEmpty()) {
            throw failed(OpenErrors.CREATE_DEVICE_FAILED);
        }
        List<LayerConfig> layers = new ArrayList<>(config.lowers());
        Optional<LayerConfig> accel = Optional.empty();
        if (config.accelerationLayer() && !layers.isEmpty()) {
            accel = Optional.of(layers.remove(layers.size() - 1));
        }
        if (layers.size() > MAX_LOWERS) {
            throw failed(OpenErrors.CREATE_DEVICE_FAILED);
        }
        List<LayerSource> sources = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            sources.add(resolveLower(i, layers.get(i), config));
        }
        if (config.upper().isWritable()) {
            for (String f : new String[] {config.upper().index(), config.upper().data()}) {
                if (!Files.isRegularFile(Path.of(f))) {
                    // overlaybd records no text for a failed upper: the resultFile reads "failed:".
                    throw new ImageServiceException(ImageServiceException.Kind.FAILED, "",
                            new java.io.FileNotFoundException("upper file " + f));
                }
            }
        }
        return new ResolvedImage(configPath, devId, config, sources, accel);
    }

    static LayerSource resolveLower(int index, LayerConfig layer, ImageConfig config) throws ImageServiceException {
        Optional<Path> local = localCandidate(layer);
        if (local.isPresent()) {
            return new LayerSource.Local(index, local.get());
        }
        // As overlaybd: no local candidate means remote, even without a digest (the remote open then fails).
        if (config.repoBlobUrl().isEmpty()) {
            throw failed(OpenErrors.EMPTY_REPO_BLOB_URL);
        }
        return new LayerSource.Remote(index, layer.digest(), config.blobUrl(layer.digest()),
                config.remotePath(layer.digest()), layer.size(), layer.dir());
    }

    /**
     * The first existing of {@code file}, {@code dir/overlaybd.commit}, {@code dir/.commit},
     * {@code dir/overlaybd.sealed}. overlaybd also probes {@code /overlaybd.commit} etc. when {@code dir} is empty;
     * obd4j does not.
     */
    static Optional<Path> localCandidate(LayerConfig layer) {
        if (!layer.file().isEmpty() && Files.exists(Path.of(layer.file()))) {
            return Optional.of(Path.of(layer.file()));
        }
        if (!layer.dir().isEmpty()) {
            for (String name : DIR_CANDIDATES) {
                Path p = Path.of(layer.dir(), name);
                if (Files.exists(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static ImageServiceException failed(String text) {
        return new ImageServiceException(ImageServiceException.Kind.FAILED, text);
    }
}
