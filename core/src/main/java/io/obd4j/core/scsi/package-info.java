/**
 * The SCSI command layer (SPC/SBC block device) shared by both front ends: {@link io.obd4j.core.scsi.ScsiDevice}
 * executes one CDB against a {@link io.obd4j.core.image.BlockDevice} and answers status, data-in and fixed-format
 * sense. Emulated responses (INQUIRY, VPD, MODE SENSE, READ CAPACITY) are byte-identical to overlaybd-tcmu's
 * libtcmu emulation (spec tcmu-and-snapshotter.md §4.5–4.6).
 *
 * <p>Where this layer knowingly differs from overlaybd-tcmu (which answers most commands "unknown"):
 * <ul>
 *   <li>it also implements READ CAPACITY(10), UNMAP, VERIFY, WRITE AND VERIFY, COMPARE AND WRITE (advertised by
 *       VPD B0 in overlaybd too), WRITE SAME without UNMAP, PRE-FETCH, START STOP UNIT, PREVENT ALLOW MEDIUM
 *       REMOVAL, REQUEST SENSE, REPORT LUNS, REPORT SUPPORTED OPERATION CODES, ORWRITE(16), GET LBA STATUS,
 *       RESERVE/RELEASE(6/10) and PERSISTENT RESERVE IN/OUT (reservations per {@link io.obd4j.core.scsi.ItNexus},
 *       which the front end names);</li>
 *   <li>VPD B0 reports WSNZ=0 by default and WRITE SAME of 0 blocks runs to the end of the unit (overlaybd: WSNZ=1;
 *       {@code writeSameNonZero(true)} restores it);</li>
 *   <li>VPD B0 reports MAXIMUM UNMAP LBA COUNT 0xFFFFFFFF by default so it agrees with B2's LBPU (overlaybd: 0;
 *       {@code maxUnmapBlockCount(0)} restores its exact page);</li>
 *   <li>a write to a read-only unit is DATA PROTECT / WRITE PROTECTED 27/00 (overlaybd: ILLEGAL REQUEST 30/05);</li>
 *   <li>DPO/FUA are refused (MODE SENSE reports DPOFUA=0, as overlaybd's header does);</li>
 *   <li>MODE SELECT reads the pages from the parameter list (libtcmu reads a reserved CDB byte).</li>
 * </ul>
 *
 * <p>Owns CDB decoding, sense data, status codes and the per-command behaviour. Must not know the transport:
 * no iSCSI PDUs, TCMU ring entries, Netty or JNR types appear here; LUN addressing, task management and
 * unit attentions for nexus events belong to the front ends, which report nexus loss and LU resets to the device.
 */
package io.obd4j.core.scsi;
