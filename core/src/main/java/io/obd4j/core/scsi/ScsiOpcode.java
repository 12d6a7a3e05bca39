package io.obd4j.core.scsi;

/** Operation codes (byte 0 of a CDB) and service actions this layer knows by name (SPC-4, SBC-3). */
public final class ScsiOpcode {
    public static final int TEST_UNIT_READY = 0x00;
    public static final int REQUEST_SENSE = 0x03;
    public static final int FORMAT_UNIT = 0x04;
    public static final int READ_6 = 0x08;
    public static final int WRITE_6 = 0x0A;
    public static final int INQUIRY = 0x12;
    public static final int MODE_SELECT_6 = 0x15;
    public static final int RESERVE_6 = 0x16;
    public static final int RELEASE_6 = 0x17;
    public static final int MODE_SENSE_6 = 0x1A;
    public static final int START_STOP_UNIT = 0x1B;
    public static final int SEND_DIAGNOSTIC = 0x1D;
    public static final int PREVENT_ALLOW_MEDIUM_REMOVAL = 0x1E;
    public static final int READ_CAPACITY_10 = 0x25;
    public static final int READ_10 = 0x28;
    public static final int WRITE_10 = 0x2A;
    public static final int WRITE_AND_VERIFY_10 = 0x2E;
    public static final int VERIFY_10 = 0x2F;
    public static final int PRE_FETCH_10 = 0x34;
    public static final int SYNCHRONIZE_CACHE_10 = 0x35;
    public static final int WRITE_SAME_10 = 0x41;
    public static final int UNMAP = 0x42;
    public static final int MODE_SELECT_10 = 0x55;
    public static final int RESERVE_10 = 0x56;
    public static final int RELEASE_10 = 0x57;
    public static final int MODE_SENSE_10 = 0x5A;
    public static final int PERSISTENT_RESERVE_IN = 0x5E;
    public static final int PERSISTENT_RESERVE_OUT = 0x5F;
    public static final int VARIABLE_LENGTH = 0x7F;
    public static final int EXTENDED_COPY = 0x83;
    public static final int RECEIVE_COPY_RESULTS = 0x84;
    public static final int READ_16 = 0x88;
    public static final int COMPARE_AND_WRITE = 0x89;
    public static final int ORWRITE_16 = 0x8B;
    public static final int WRITE_16 = 0x8A;
    public static final int WRITE_AND_VERIFY_16 = 0x8E;
    public static final int VERIFY_16 = 0x8F;
    public static final int PRE_FETCH_16 = 0x90;
    public static final int SYNCHRONIZE_CACHE_16 = 0x91;
    public static final int WRITE_SAME_16 = 0x93;
    public static final int SERVICE_ACTION_IN_16 = 0x9E;
    public static final int SERVICE_ACTION_OUT_16 = 0x9F;
    public static final int REPORT_LUNS = 0xA0;
    public static final int MAINTENANCE_IN = 0xA3;
    public static final int MAINTENANCE_OUT = 0xA4;
    public static final int READ_12 = 0xA8;
    public static final int WRITE_12 = 0xAA;
    public static final int WRITE_AND_VERIFY_12 = 0xAE;
    public static final int VERIFY_12 = 0xAF;

    /** SERVICE ACTION IN(16) service action: READ CAPACITY(16). */
    public static final int SAI_READ_CAPACITY_16 = 0x10;
    /** SERVICE ACTION IN(16) service action: GET LBA STATUS. */
    public static final int SAI_GET_LBA_STATUS = 0x12;
    /** MAINTENANCE IN service action: REPORT TARGET PORT GROUPS. */
    public static final int MI_REPORT_TARGET_PORT_GROUPS = 0x0A;
    /** MAINTENANCE IN service action: REPORT SUPPORTED OPERATION CODES. */
    public static final int MI_REPORT_SUPPORTED_OPCODES = 0x0C;
    /** MAINTENANCE IN service action: REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS. */
    public static final int MI_REPORT_SUPPORTED_TMFS = 0x0D;

    private ScsiOpcode() {
    }

    /** A readable name for logs, e.g. {@code READ(10)}; unknown codes as {@code 0xNN}. */
    public static String name(int opcode) {
        switch (opcode & 0xFF) {
            case TEST_UNIT_READY: return "TEST UNIT READY";
            case REQUEST_SENSE: return "REQUEST SENSE";
            case READ_6: return "READ(6)";
            case WRITE_6: return "WRITE(6)";
            case INQUIRY: return "INQUIRY";
            case MODE_SELECT_6: return "MODE SELECT(6)";
            case RESERVE_6: return "RESERVE(6)";
            case RELEASE_6: return "RELEASE(6)";
            case MODE_SENSE_6: return "MODE SENSE(6)";
            case START_STOP_UNIT: return "START STOP UNIT";
            case PREVENT_ALLOW_MEDIUM_REMOVAL: return "PREVENT ALLOW MEDIUM REMOVAL";
            case READ_CAPACITY_10: return "READ CAPACITY(10)";
            case READ_10: return "READ(10)";
            case WRITE_10: return "WRITE(10)";
            case WRITE_AND_VERIFY_10: return "WRITE AND VERIFY(10)";
            case VERIFY_10: return "VERIFY(10)";
            case PRE_FETCH_10: return "PRE-FETCH(10)";
            case SYNCHRONIZE_CACHE_10: return "SYNCHRONIZE CACHE(10)";
            case WRITE_SAME_10: return "WRITE SAME(10)";
            case UNMAP: return "UNMAP";
            case MODE_SELECT_10: return "MODE SELECT(10)";
            case MODE_SENSE_10: return "MODE SENSE(10)";
            case RESERVE_10: return "RESERVE(10)";
            case RELEASE_10: return "RELEASE(10)";
            case PERSISTENT_RESERVE_IN: return "PERSISTENT RESERVE IN";
            case PERSISTENT_RESERVE_OUT: return "PERSISTENT RESERVE OUT";
            case READ_16: return "READ(16)";
            case COMPARE_AND_WRITE: return "COMPARE AND WRITE";
            case ORWRITE_16: return "ORWRITE(16)";
            case WRITE_16: return "WRITE(16)";
            case WRITE_AND_VERIFY_16: return "WRITE AND VERIFY(16)";
            case VERIFY_16: return "VERIFY(16)";
            case PRE_FETCH_16: return "PRE-FETCH(16)";
            case SYNCHRONIZE_CACHE_16: return "SYNCHRONIZE CACHE(16)";
            case WRITE_SAME_16: return "WRITE SAME(16)";
            case SERVICE_ACTION_IN_16: return "SERVICE ACTION IN(16)";
            case REPORT_LUNS: return "REPORT LUNS";
            case MAINTENANCE_IN: return "MAINTENANCE IN";
            case MAINTENANCE_OUT: return "MAINTENANCE OUT";
            case READ_12: return "READ(12)";
            case WRITE_12: return "WRITE(12)";
            case WRITE_AND_VERIFY_12: return "WRITE AND VERIFY(12)";
            case VERIFY_12: return "VERIFY(12)";
            default: return String.format("0x%02X", opcode & 0xFF);
        }
    }
}
