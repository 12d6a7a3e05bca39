package io.obd4j.core.scsi;

/**
 * Byte layouts of INQUIRY data as libtcmu emulates them for overlaybd (spec tcmu-and-snapshotter.md §4.6).
 *
 * <pre>
 * Standard INQUIRY data (36 bytes)
 * byte   | value
 * -------+-------------------------------------------------------------
 * 0      | 0x00 peripheral qualifier 0, device type 0 (disk)
 * 1      | 0x00 (not removable)
 * 2      | 0x05 VERSION (SPC-3)
 * 3      | 0x02 RESPONSE DATA FORMAT
 * 4      | 31   ADDITIONAL LENGTH
 * 5      | 0x08 3PC (TPGS only with an ALUA port: never here)
 * 6      | 0x00
 * 7      | 0x02 CMDQUE
 * 8..15  | T10 VENDOR IDENTIFICATION "LIO-ORG "
 * 16..31 | PRODUCT IDENTIFICATION "TCMU device" + 5 spaces
 * 32..35 | PRODUCT REVISION LEVEL "0002"
 *
 * VPD pages: [0] device type 0, [1] page code, [2..3] page length (BE16)
 * page | bytes returned | content
 * -----+----------------+-----------------------------------------------------------------
 * 0x00 | 16             | [3]=6, [4..9] = 00 80 83 B0 B1 B2
 * 0x80 | 512            | [3]=len(serial)+1, [4..] serial, NUL
 * 0x83 | used           | [2..3]=total descriptor length; T10 vendor id (02 01 00 L, vendor(8) serial NUL),
 *      |                | NAA (01 03 00 10, 16 bytes 60 01 40 5x..), vendor specific (02 00 00 L, cfgstring NUL)
 * 0xB0 | 64             | [2..3]=0x003C [4]=WSNZ [5]=MAX CAW (1) [8..11] max xfer [12..15] optimal xfer
 *      |                | [20..23] max unmap LBAs [24..27] max unmap descriptors (4) [28..31] opt unmap gran
 *      |                | [32..35] unmap gran alignment, [32] |= 0x80 UGAVALID [36..43] max WRITE SAME len
 * 0xB1 | 64             | [2..3]=0x003C [4..5] rotation rate (0 = not reported, 1 = solid state)
 * 0xB2 | 64             | [2..3]=0x0004 [5] = LBPRZ 0x04 | LBPU 0x80 | LBPWS 0x40 | LBPWS10 0x20
 * </pre>
 */
final class InquiryFormat {
    static final int STANDARD_LENGTH = 36;
    static final int VERSION = 2;
    static final int RESPONSE_FORMAT = 3;
    static final int ADDITIONAL_LENGTH = 4;
    static final int FLAGS_5 = 5;
    static final int FLAGS_7 = 7;
    static final int VENDOR = 8;
    static final int PRODUCT = 16;
    static final int REVISION = 32;

    static final int VERSION_SPC3 = 0x05;
    static final int RESPONSE_FORMAT_2 = 0x02;
    static final int THIRD_PARTY_COPY = 0x08;
    static final int CMDQUE = 0x02;

    static final int PAGE_CODE = 1;
    static final int PAGE_LENGTH = 2;
    static final int VPD_HEADER = 4;

    static final int VPD_SUPPORTED_LENGTH = 16;
    static final int VPD_SERIAL_LENGTH = 512;
    static final int VPD_DEVICE_ID_BUFFER = 512;
    static final int VPD_B_LENGTH = 64;
    static final int B_PAGE_LENGTH = 0x3C;

    static final int B0_WSNZ = 4;
    static final int B0_MAX_CAW = 5;
    static final int B0_MAX_TRANSFER = 8;
    static final int B0_OPTIMAL_TRANSFER = 12;
    static final int B0_MAX_UNMAP_LBA_COUNT = 20;
    static final int B0_MAX_UNMAP_DESCRIPTORS = 24;
    static final int B0_OPTIMAL_UNMAP_GRANULARITY = 28;
    static final int B0_UNMAP_GRANULARITY_ALIGNMENT = 32;
    static final int B0_MAX_WRITE_SAME = 36;
    static final int UGAVALID = 0x80;
    /** libtcmu's MAX_CAW_LENGTH. */
    static final int MAX_CAW_BLOCKS = 1;
    /** libtcmu's VPD_MAX_UNMAP_BLOCK_DESC_COUNT. */
    static final int MAX_UNMAP_DESCRIPTORS = 4;
    /** libtcmu's VPD_MAX_WRITE_SAME_LENGTH. */
    static final long MAX_WRITE_SAME_BLOCKS = 0xFFFF_FFFFL;

    static final int B1_ROTATION_RATE = 4;
    static final int B2_PAGE_LENGTH = 0x0004;
    static final int B2_FLAGS = 5;
    static final int LBPRZ = 0x04;
    static final int LBPU_LBPWS_LBPWS10 = 0xE0;

    static final int CODE_SET_BINARY = 1;
    static final int CODE_SET_ASCII = 2;
    static final int DESIGNATOR_VENDOR_SPECIFIC = 0;
    static final int DESIGNATOR_T10_VENDOR = 1;
    static final int DESIGNATOR_NAA = 3;
    static final int NAA_LENGTH = 16;

    private InquiryFormat() {
    }
}
