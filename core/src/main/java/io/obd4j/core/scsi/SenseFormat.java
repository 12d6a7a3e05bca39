package io.obd4j.core.scsi;

/**
 * Fixed-format sense data (SPC-4 §4.5.3), as libtcmu's {@code tcmu_sense_set_data} writes it
 * (spec tcmu-and-snapshotter.md §4.3: response code 0x70, additional length 0x0A, 18 bytes used).
 *
 * <pre>
 * byte  | field
 * ------+--------------------------------------------------------------
 * 0     | VALID (bit 7) | RESPONSE CODE (0x70 current, 0x71 deferred)
 * 1     | obsolete (0)
 * 2     | FILEMARK | EOM | ILI | reserved | SENSE KEY (bits 3..0)
 * 3..6  | INFORMATION (BE32; meaningful only when VALID is set)
 * 7     | ADDITIONAL SENSE LENGTH (n - 7) = 0x0A
 * 8..11 | COMMAND-SPECIFIC INFORMATION
 * 12    | ADDITIONAL SENSE CODE (ASC)
 * 13    | ADDITIONAL SENSE CODE QUALIFIER (ASCQ)
 * 14    | FIELD REPLACEABLE UNIT CODE
 * 15..17| SKSV (bit 7 of 15) | SENSE KEY SPECIFIC (e.g. C/D, BPV, bit pointer, field pointer)
 * </pre>
 */
public final class SenseFormat {
    public static final int LENGTH = 18;
    public static final int RESPONSE_CODE = 0;
    public static final int SENSE_KEY = 2;
    public static final int INFORMATION = 3;
    public static final int ADDITIONAL_LENGTH = 7;
    public static final int COMMAND_SPECIFIC = 8;
    public static final int ASC = 12;
    public static final int ASCQ = 13;
    public static final int FRU = 14;
    public static final int SENSE_KEY_SPECIFIC = 15;

    public static final int CURRENT_FIXED = 0x70;
    public static final int DEFERRED_FIXED = 0x71;
    public static final int VALID = 0x80;
    public static final int SKSV = 0x80;
    /** Field pointer refers to the CDB (C/D bit of the sense-key-specific field). */
    public static final int SKS_CDB = 0x40;
    /** Bit pointer valid (BPV bit of the sense-key-specific field). */
    public static final int SKS_BPV = 0x08;
    public static final int ADDITIONAL_LENGTH_VALUE = LENGTH - ADDITIONAL_LENGTH - 1;

    private SenseFormat() {
    }
}
