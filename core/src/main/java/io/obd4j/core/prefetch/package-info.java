/**
 * overlaybd's prefetch (spec §9.3): the trace file format, recording the reads of each lower layer while a device
 * serves I/O, replaying a trace (or a file list resolved in the image's ext4 filesystem) through the same read path
 * the demand reads use, so those are cache hits afterwards. Knows nothing of registries, SCSI or the daemon.
 */
package io.obd4j.core.prefetch;
