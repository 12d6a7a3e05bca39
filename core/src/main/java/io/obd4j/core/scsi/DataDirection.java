package io.obd4j.core.scsi;

/** Which way a command moves data, seen from the initiator (iSCSI R/W flags, TCMU iovec use). */
public enum DataDirection {
    /** No data phase. */
    NONE,
    /** Target → initiator (READ, INQUIRY, ...). */
    IN,
    /** Initiator → target (WRITE, UNMAP parameter list, MODE SELECT, ...). */
    OUT
}
