/**
 * The TCMU front end: the uio command ring of target_core_user (mailbox and entry layouts, fetch, out-of-order
 * completion), uio discovery and mapping, the {@code TCM-USER} generic netlink family, per-device workers that
 * hand CDBs to {@code io.obd4j.core.scsi.ScsiDevice}, adoption of devices after a restart, and the snapshotter's
 * configfs/tcm_loop sequence for attach/detach.
 *
 * <p>Knows nothing about image formats, configs or registries: the daemon supplies a
 * {@link io.obd4j.tcmu.TcmuHandler.DeviceOpener} that turns a cfgstring into a SCSI device. All libc access goes
 * through {@code io.obd4j.nativeio}.
 */
package io.obd4j.tcmu;
