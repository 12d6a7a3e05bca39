/**
 * Backing images (Longhorn's backing-image-manager in obd4j): named read-only bases stored once as committed
 * overlaybd layers under a data directory, filled from an upload, a URL download or another backing image, checked
 * against an expected SHA-256/SHA-512, and put under volumes as their bottom lower. Knows the HTTP API only through
 * {@link io.obd4j.daemon.backing.BackingImageRoutes}; knows nothing of the front ends.
 */
package io.obd4j.daemon.backing;
