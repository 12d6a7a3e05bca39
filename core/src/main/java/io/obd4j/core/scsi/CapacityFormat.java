package io.obd4j.core.scsi;

/**
 * READ CAPACITY parameter data (SBC-3 §5.15, §5.16; spec tcmu-and-snapshotter.md §4.6).
 *
 * <pre>
 * READ CAPACITY(10), 8 bytes          | READ CAPACITY(16), 32 bytes
 * byte | field                        | byte   | field
 * -----+----------------------------- | -------+-----------------------------------------
 * 0..3 | last LBA (BE32), 0xFFFFFFFF  | 0..7   | last LBA (BE64)
 *      | when it does not fit         | 8..11  | LOGICAL BLOCK LENGTH (BE32)
 * 4..7 | LOGICAL BLOCK LENGTH (BE32)  | 12     | P_TYPE/PROT_EN = 0
 *      |                              | 13     | LB PER PB EXPONENT = 0
 *      |                              | 14     | LBPME 0x80 | LBPRZ 0x40 (overlaybd: 0xC0), LALBA hi
 *      |                              | 15..31 | 0
 * </pre>
 * CDB of READ CAPACITY(10): byte 1 bit 0 obsolete RELADR, bytes 2..5 LBA (must be 0 unless PMI), byte 8 bit 0 PMI.
 * CDB of READ CAPACITY(16) = SERVICE ACTION IN(16) 0x9E/0x10: bytes 10..13 ALLOCATION LENGTH.
 *
 * <p>GET LBA STATUS (SERVICE ACTION IN(16) 0x9E/0x12; CDB bytes 2..9 STARTING LBA, 10..13 ALLOCATION LENGTH),
 * parameter data: [0..3] PARAMETER DATA LENGTH (bytes that follow), [4..7] reserved, then 16-byte descriptors:
 * [0..7] LBA, [8..11] NUMBER OF LOGICAL BLOCKS, [12] PROVISIONING STATUS (0 mapped or unknown, 1 deallocated).
 */
final class CapacityFormat {
    static final int RC10_LENGTH = 8;
    static final int RC16_LENGTH = 32;
    static final int LAST_LBA = 0;
    static final int RC10_BLOCK_LENGTH = 4;
    static final int RC16_BLOCK_LENGTH = 8;
    static final int RC16_PROVISIONING = 14;
    static final int LBPME = 0x80;
    static final int LBPRZ = 0x40;
    static final int RC16_ALLOCATION_LENGTH = 10;
    static final int LBA_STATUS_PARAMETER_LENGTH = 0;
    static final int LBA_STATUS_DESCRIPTOR = 8;
    static final int LBA_STATUS_LENGTH = 24;

    private CapacityFormat() {
    }
}
