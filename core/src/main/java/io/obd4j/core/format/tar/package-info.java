/**
 * Tar wrapping of layer blobs (spec §2.9): detecting a single-member (ustar, optionally PAX) tar around a layer
 * and reading its payload, and writing the exact layout of {@code overlaybd-commit -t}.
 *
 * <p>Knows nothing about what the payload is (ZFile, LSMT), nor about caches, SCSI or the network.
 */
package io.obd4j.core.format.tar;
