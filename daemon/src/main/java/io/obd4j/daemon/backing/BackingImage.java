package io.obd4j.daemon.backing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One backing image's persisted status ({@code <dir>/<name>/backing-image.json}).
 *
 * @param sourceType       {@code download}, {@code upload} or {@code clone}
 * @param source           the URL, or the cloned backing image's name, or ""
 * @param expectedChecksum {@code algo:hex} the source must hash to, or ""
 * @param sourceChecksum   {@code algo:hex} the source did hash to (SHA-512 when nothing was expected)
 * @param format           {@code raw}, {@code qcow2} or {@code overlaybd} once known
 * @param layerSha256      SHA-256 of the stored layer file, re-checked to detect changed bytes
 * @param virtualSize      the disk size the layer presents
 * @param progress         percent of the transfer done
 * @param settings         the volume settings it is prepared for (block size, front end, layer compression)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackingImage(String name, String sourceType, String source, String expectedChecksum,
                           BackingImageState state, int progress, long transferredBytes, long sourceSize,
                           String sourceChecksum, String format, String layerSha256, long layerBytes,
                           long virtualSize, String error, String createdAt, VolumeSettings settings) {

    public BackingImage {
        settings = settings == null ? VolumeSettings.legacy() : settings;
    }

    BackingImage withState(BackingImageState s, String err) {
        return new BackingImage(name, sourceType, source, expectedChecksum, s, progress, transferredBytes,
                sourceSize, sourceChecksum, format, layerSha256, layerBytes, virtualSize, err, createdAt, settings);
    }

    BackingImage withTransfer(long done, long total) {
        int pct = total > 0 ? (int) Math.min(99, done * 100 / total) : progress;
        return new BackingImage(name, sourceType, source, expectedChecksum, state, pct, done, total,
                sourceChecksum, format, layerSha256, layerBytes, virtualSize, error, createdAt, settings);
    }

    BackingImage withResult(String checksum, String fmt, String layerHash, long layerLen, long vsize) {
        return new BackingImage(name, sourceType, source, expectedChecksum, BackingImageState.READY, 100,
                transferredBytes, sourceSize, checksum, fmt, layerHash, layerLen, vsize, "", createdAt, settings);
    }
}
