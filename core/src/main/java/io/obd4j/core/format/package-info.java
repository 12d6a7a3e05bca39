/**
 * overlaybd's on-disk formats (LSMT, ZFile, tar wrapping), byte-compatible with the C++ tools.
 * Knows nothing about SCSI, TCMU, iSCSI or HTTP.
 */
package io.obd4j.core.format;
