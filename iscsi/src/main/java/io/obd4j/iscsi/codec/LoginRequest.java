package io.obd4j.iscsi.codec;

/**
 * Fields of a Login Request (RFC 7143 section 11.12): byte 1 = T (0x80), C (0x40), CSG (bits 2..3), NSG (bits 0..1);
 * byte 2/3 = Version-max/min; bytes 8..13 ISID; 14..15 TSIH; 20..21 CID; 24 CmdSN; 28 ExpStatSN.
 */
public record LoginRequest(boolean transit, boolean proceed, int currentStage, int nextStage, int versionMax,
                           int versionMin, long isid, int tsih, int itt, int cid, int cmdSn, int expStatSn) {
    public static final int TRANSIT_BIT = 0x80;
    public static final int CONTINUE_BIT = 0x40;
    public static final int STAGE_SECURITY = 0;
    public static final int STAGE_OPERATIONAL = 1;
    public static final int STAGE_FULL_FEATURE = 3;

    public static LoginRequest of(Pdu pdu) {
        int flags = pdu.flags();
        long isid = ((long) pdu.shortField(Bhs.ISID) << 32) | (pdu.field(Bhs.ISID + 2) & 0xffffffffL);
        return new LoginRequest((flags & TRANSIT_BIT) != 0, (flags & CONTINUE_BIT) != 0, (flags >> 2) & 3,
            flags & 3, pdu.byteField(Bhs.BYTE2), pdu.byteField(Bhs.BYTE3), isid, pdu.shortField(Bhs.TSIH),
            pdu.initiatorTaskTag(), pdu.shortField(Bhs.CID), pdu.field(Bhs.CMD_SN), pdu.field(Bhs.EXP_STAT_SN));
    }

    /** The C bit: more text follows in the next Login Request. */
    public boolean continues() {
        return proceed;
    }

    /** Byte 1 of a response: T, C, CSG, NSG. */
    public static int stages(boolean transit, int current, int next) {
        return (transit ? TRANSIT_BIT : 0) | (current << 2) | (transit ? next : 0);
    }
}
