package io.obd4j.core.scsi;

/**
 * UNMAP parameter list (SBC-3 §5.28.2).
 *
 * <pre>
 * byte  | field
 * ------+----------------------------------------------------
 * 0..1  | UNMAP DATA LENGTH (n - 1), BE16
 * 2..3  | UNMAP BLOCK DESCRIPTOR DATA LENGTH, BE16
 * 4..7  | reserved
 * 8..   | block descriptors, 16 bytes each:
 *       |   0..7 UNMAP LOGICAL BLOCK ADDRESS (BE64), 8..11 NUMBER OF LOGICAL BLOCKS (BE32), 12..15 reserved
 * </pre>
 * CDB (10 bytes): byte 1 bit 0 ANCHOR, bytes 7..8 PARAMETER LIST LENGTH.
 */
final class UnmapFormat {
    static final int HEADER_LENGTH = 8;
    static final int DESCRIPTOR_DATA_LENGTH = 2;
    static final int DESCRIPTOR_LENGTH = 16;
    static final int DESCRIPTOR_LBA = 0;
    static final int DESCRIPTOR_BLOCKS = 8;
    static final int CDB_ANCHOR = 0x01;
    static final int CDB_PARAMETER_LIST_LENGTH = 7;

    private UnmapFormat() {
    }
}
