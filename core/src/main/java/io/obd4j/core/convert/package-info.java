/**
 * Turns the layers of an OCI image into overlaybd layers (what accelerated-container-image's convertor does with
 * {@code overlaybd-create}, {@code overlaybd-apply} and {@code overlaybd-commit -z -t}): each layer tar is applied to
 * one ext4 filesystem in a sparse raw file by {@link io.obd4j.core.ext4.Ext4Image}, the byte ranges it changed are
 * written into a fresh append-only writable LSMT layer, and that layer is committed into a tar-wrapped ZFile blob.
 * Same input and options, same bytes: uuids come from the caller, the ZFile and tar headers carry no time.
 *
 * <p>Knows layer streams and the formats; nothing of registries, manifests or terminals.
 */
package io.obd4j.core.convert;
