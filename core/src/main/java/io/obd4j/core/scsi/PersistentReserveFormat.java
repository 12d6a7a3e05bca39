package io.obd4j.core.scsi;

/**
 * Byte layouts of PERSISTENT RESERVE IN/OUT (SPC-4 §6.15, §6.16) and the reservation type codes.
 *
 * <pre>
 * PERSISTENT RESERVE IN CDB (10): [1] service action (0 READ KEYS, 1 READ RESERVATION, 2 REPORT CAPABILITIES,
 *      3 READ FULL STATUS), [7..8] ALLOCATION LENGTH
 * PERSISTENT RESERVE OUT CDB (10): [1] service action (0 REGISTER, 1 RESERVE, 2 RELEASE, 3 CLEAR, 4 PREEMPT,
 *      5 PREEMPT AND ABORT, 6 REGISTER AND IGNORE EXISTING KEY, 7 REGISTER AND MOVE), [2] SCOPE (7..4) | TYPE (3..0),
 *      [5..8] PARAMETER LIST LENGTH (24)
 * PROUT parameter list: [0..7] RESERVATION KEY, [8..15] SERVICE ACTION RESERVATION KEY, [16..19] obsolete,
 *      [20] SPEC_I_PT 0x08 | ALL_TG_PT 0x04 | APTPL 0x01
 * READ KEYS: [0..3] PRGENERATION, [4..7] ADDITIONAL LENGTH (8 per key), [8..] keys
 * READ RESERVATION: [0..3] PRGENERATION, [4..7] ADDITIONAL LENGTH (0 or 16), [8..15] RESERVATION KEY,
 *      [21] SCOPE | TYPE
 * REPORT CAPABILITIES (8 bytes): [0..1] LENGTH 8, [2] CRH 0x10 SIP_C 0x08 ATP_C 0x04 PTPL_C 0x01,
 *      [3] TMV 0x80 | ALLOW COMMANDS (6..4) | PTPL_A 0x01, [4..5] PERSISTENT RESERVATION TYPE MASK
 * READ FULL STATUS: [0..3] PRGENERATION, [4..7] ADDITIONAL LENGTH, then per registration: [0..7] key,
 *      [12] ALL_TG_PT 0x02 | R_HOLDER 0x01, [13] SCOPE | TYPE, [18..19] RELATIVE TARGET PORT IDENTIFIER,
 *      [20..23] ADDITIONAL DESCRIPTOR LENGTH, [24..] TransportID
 * </pre>
 */
final class PersistentReserveFormat {
    static final int READ_KEYS = 0;
    static final int READ_RESERVATION = 1;
    static final int REPORT_CAPABILITIES = 2;
    static final int READ_FULL_STATUS = 3;

    static final int REGISTER = 0;
    static final int RESERVE = 1;
    static final int RELEASE = 2;
    static final int CLEAR = 3;
    static final int PREEMPT = 4;
    static final int PREEMPT_AND_ABORT = 5;
    static final int REGISTER_AND_IGNORE = 6;

    static final int CDB_SCOPE_TYPE = 2;
    static final int CDB_ALLOCATION_LENGTH = 7;
    static final int CDB_PARAMETER_LIST_LENGTH = 5;
    static final int PARAMETER_LIST_LENGTH = 24;
    static final int PARAM_KEY = 0;
    static final int PARAM_SA_KEY = 8;
    static final int PARAM_FLAGS = 20;
    static final int SPEC_I_PT = 0x08;
    static final int ALL_TG_PT = 0x04;
    static final int APTPL = 0x01;

    static final int HEADER = 8;
    static final int RESERVATION_DESCRIPTOR = 16;
    static final int RESERVATION_SCOPE_TYPE = 13;
    static final int CAPABILITIES_LENGTH = 8;
    static final int TMV = 0x80;
    /** WR_EX_AR 0x80, EX_AC_RO 0x40, WR_EX_RO 0x20, EX_AC 0x08, WR_EX 0x02 | EX_AC_AR 0x01. */
    static final int TYPE_MASK = 0xEA01;
    static final int FULL_STATUS_DESCRIPTOR = 24;
    static final int R_HOLDER = 0x01;

    static final int WRITE_EXCLUSIVE = 1;
    static final int EXCLUSIVE_ACCESS = 3;
    static final int WRITE_EXCLUSIVE_REGISTRANTS_ONLY = 5;
    static final int EXCLUSIVE_ACCESS_REGISTRANTS_ONLY = 6;
    static final int WRITE_EXCLUSIVE_ALL_REGISTRANTS = 7;
    static final int EXCLUSIVE_ACCESS_ALL_REGISTRANTS = 8;

    private PersistentReserveFormat() {
    }

    static boolean validType(int type) {
        return type == WRITE_EXCLUSIVE || type == EXCLUSIVE_ACCESS || type >= WRITE_EXCLUSIVE_REGISTRANTS_ONLY
            && type <= EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
    }

    /** Every registrant holds a reservation of these types (SPC-4 §5.9.11.2). */
    static boolean allRegistrants(int type) {
        return type == WRITE_EXCLUSIVE_ALL_REGISTRANTS || type == EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
    }

    /** Registered I_T nexuses have full access under these types. */
    static boolean registrantsAccess(int type) {
        return type >= WRITE_EXCLUSIVE_REGISTRANTS_ONLY;
    }

    /** Other nexuses may still read under the write-exclusive types. */
    static boolean writeExclusive(int type) {
        return type == WRITE_EXCLUSIVE || type == WRITE_EXCLUSIVE_REGISTRANTS_ONLY
            || type == WRITE_EXCLUSIVE_ALL_REGISTRANTS;
    }
}
