/**
 * ZFile, overlaybd's seekable block-compressed container (spec §2): the 512-byte header/trailer layout, the jump
 * table, LZ4/ZSTD block codecs, the decompressed read view ({@link io.obd4j.core.format.zfile.ZFileReader}) and the
 * streaming writer ({@link io.obd4j.core.format.zfile.ZFileWriter}). Byte-compatible with the C++ tools.
 *
 * <p>Knows nothing about what is inside (LSMT), about tar wrapping, caches, SCSI or the network.
 */
package io.obd4j.core.format.zfile;
