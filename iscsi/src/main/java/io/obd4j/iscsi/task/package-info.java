/**
 * SCSI tasks of a session: turning SCSI Command and Data-Out PDUs into {@code core.scsi} executions on a bounded
 * worker pool (never on the event loop), soliciting write data with R2Ts, splitting read data into Data-In PDUs,
 * and aborting tasks for task management. Knows PDUs, negotiated parameters and {@code ScsiDevice}; knows nothing
 * about sockets, login or sequence-number stamping.
 */
package io.obd4j.iscsi.task;
