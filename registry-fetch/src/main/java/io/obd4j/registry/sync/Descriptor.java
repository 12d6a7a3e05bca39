package io.obd4j.registry.sync;

import io.obd4j.registry.Digest;

/**
 * An OCI/Docker content descriptor as a manifest lists it; {@code os}, {@code architecture} and {@code variant}
 * are set only for index children that carry a {@code platform}.
 */
public record Descriptor(String mediaType, Digest digest, long size, String os, String architecture,
        String variant) {
    /**
     * Foreign (Windows base) and non-distributable layers live outside the registry ({@code urls}); registries do not
     * accept them, so sync leaves them out exactly as {@code docker push} does.
     */
    public boolean isForeign() {
        return mediaType != null && (mediaType.contains("foreign") || mediaType.contains("nondistributable"));
    }
}
