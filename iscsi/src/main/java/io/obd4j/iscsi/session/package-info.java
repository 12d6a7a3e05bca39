/**
 * Sessions in the full feature phase (RFC 7143 sections 3.2, 4.2.2): the command window (CmdSN, ExpCmdSN,
 * MaxCmdSN with RFC 1982 serial arithmetic), StatSN stamping, PDU dispatch, NOP ping and keepalive, Text
 * (SendTargets), task management, logout, and the registry of live sessions. Knows PDUs and tasks; knows nothing
 * about how SCSI commands are executed.
 */
package io.obd4j.iscsi.session;
