/**
 * The SCSI command layer (SPC/SBC block device) shared by both front ends: {@link io.obd4j.core.scsi.ScsiDevice}
 * executes one CDB against a {@link io.obd4j.core.image.BlockDevice} and answers status, data-in and fixed-format
 * sense. Emulated responses (INQUIRY, VPD, MODE SENSE, READ CAPACITY) are byte-identical to overlaybd-tcmu's
 * libtcmu emulation (spec tcmu-and-snapshotter.md §4.5–4.6).
 *
 * <p>Owns CDB decoding, sense data, status codes and the per-command behaviour. Must not know the transport:
 * no iSCSI PDUs, TCMU ring entries, Netty or JNR types appear here; LUN addressing, task management and
 * unit attentions for nexus events belong to the front ends.
 */
package io.obd4j.core.scsi;
