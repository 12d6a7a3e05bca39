/**
 * iSCSI PDU framing (RFC 7143 section 11): the 48-byte basic header segment, additional header segments, data
 * segments with padding, and the optional CRC32C header and data digests. Owns the byte layouts only; knows
 * nothing about login, sessions, sequence numbers or SCSI.
 */
package io.obd4j.iscsi.codec;
