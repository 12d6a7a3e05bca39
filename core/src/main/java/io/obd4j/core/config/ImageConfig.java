package io.obd4j.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A device's {@code config.v1.json}: lowers bottom first, optional upper, resultFile, background-download override,
 * acceleration layer and trace settings. {@code download} is empty when the file has none: the global config's is
 * then used ({@link #withDownloadDefault}).
 */
public record ImageConfig(String repoBlobUrl, List<LayerConfig> lowers, UpperConfig upper, String resultFile,
                          Optional<DownloadConfig> download, boolean accelerationLayer, String recordTracePath) {

    public ImageConfig {
        lowers = List.copyOf(lowers);
    }

    static ImageConfig read(ConfigNode n) throws ConfigException {
        String repo = n.string("repoBlobUrl", "");
        List<LayerConfig> lowers = new ArrayList<>();
        for (ConfigNode l : n.objects("lowers")) {
            lowers.add(LayerConfig.read(l));
        }
        UpperConfig upper = UpperConfig.read(n.object("upper"));
        String result = n.string("resultFile", "");
        Optional<DownloadConfig> download = n.has("download")
                ? Optional.of(DownloadConfig.read(n.object("download"))) : Optional.empty();
        boolean accel = n.bool("accelerationLayer", false);
        String trace = n.string("recordTracePath", "");
        n.finish();
        return new ImageConfig(repo, lowers, upper, result, download, accel, trace);
    }

    /** This config with the global download settings when it has none of its own (overlaybd §3.2 step 1). */
    public ImageConfig withDownloadDefault(DownloadConfig global) {
        return download.isPresent() ? this
                : new ImageConfig(repoBlobUrl, lowers, upper, resultFile, Optional.of(global), accelerationLayer,
                        recordTracePath);
    }

    public boolean isReadOnly() {
        return !upper.isWritable();
    }

    /** The blob URL of a remote layer: {@code repoBlobUrl + "/" + digest} ("/" not doubled). */
    public String blobUrl(String digest) {
        return repoBlobUrl.endsWith("/") ? repoBlobUrl + digest : repoBlobUrl + "/" + digest;
    }

    /**
     * The path overlaybd opens for a remote layer: the blob URL with a leading {@code /}. It shows up in cache
     * names, audit lines and resultFile texts, so messages must use this form.
     */
    public String remotePath(String digest) {
        return "/" + blobUrl(digest);
    }
}
