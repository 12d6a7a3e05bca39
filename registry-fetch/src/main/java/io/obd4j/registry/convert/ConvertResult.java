package io.obd4j.registry.convert;

import io.obd4j.registry.Digest;
import java.util.List;

/**
 * What a conversion produced.
 *
 * @param manifestDigest the converted manifest's digest (what {@code obd4j convert} prints)
 * @param manifest       its bytes
 * @param configDigest   the converted config's digest
 * @param layers         the overlaybd layers, bottom first
 */
public record ConvertResult(Digest manifestDigest, byte[] manifest, Digest configDigest, List<Layer> layers) {
    /**
     * One converted layer.
     *
     * @param source the source layer's digest
     * @param digest the overlaybd blob's digest
     * @param size   its size
     * @param put    whether the target got it by upload, already had it, or mounted it
     */
    public record Layer(Digest source, Digest digest, long size, ImageTarget.Put put) {
    }

    /** How many layer blobs were uploaded. */
    public long uploaded() {
        return layers.stream().filter(l -> l.put() == ImageTarget.Put.UPLOADED).count();
    }
}
