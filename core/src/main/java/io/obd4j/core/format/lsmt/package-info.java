/**
 * The LSMT layer format (overlaybd {@code lsmt/}): header/trailer, 16-byte index records, read-only and writable
 * layers, index merge. Works on {@link io.obd4j.core.io.BlockSource}s; knows nothing of ZFile (the blob is
 * unwrapped before), SCSI or the network.
 */
package io.obd4j.core.format.lsmt;
