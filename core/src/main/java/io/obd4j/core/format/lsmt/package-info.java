/**
 * The LSMT layer format (overlaybd {@code lsmt/}): header/trailer, 16-byte index records, read-only layers and index
 * merge; writable layers (append-only data+index pair, sparse data file), their live {@link
 * io.obd4j.core.format.lsmt.Index0}, seal, commit/compaction and the combo index over lower layers. Works on
 * {@link io.obd4j.core.io.BlockSource}s and local files (the sparse layer's hole punching and extent walk go through
 * {@code io.obd4j.nativeio}); knows nothing of ZFile (blobs are unwrapped before, commit output is a plain channel),
 * SCSI or the network.
 */
package io.obd4j.core.format.lsmt;
