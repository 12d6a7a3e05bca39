package io.obd4j.registry;

import java.net.URI;

/**
 * Where the bytes of one blob are actually read from: the registry URL with credentials (overlaybd's mode
 * <i>Self</i>), or, after the registry answered with a redirect to another host, that location without
 * credentials (mode <i>Redirect</i>), reused for 300 s ({@code kMinimalAUrlLife}) and dropped after any failed
 * data request there.
 */
final class BlobRoute {
    static final long LOCATION_LIFE_NANOS = 300_000_000_000L;

    final BlobUrl blob;
    private volatile URI location;
    private volatile long locationSince;

    BlobRoute(BlobUrl blob) {
        this.blob = blob;
    }

    /** The remembered redirect target, or null when it is absent or too old. */
    URI location(long nowNanos) {
        URI l = location;
        return l != null && nowNanos - locationSince < LOCATION_LIFE_NANOS ? l : null;
    }

    void remember(URI target, long nowNanos) {
        locationSince = nowNanos;
        location = target;
    }

    void forget() {
        location = null;
    }
}
