package io.obd4j.core.scsi;

import java.nio.ByteBuffer;

/**
 * REPORT LUNS (SPC-4 §6.33) parameter data. Public so a front end can also answer it for a LUN that has no
 * {@link ScsiDevice} (REPORT LUNS must work when addressed to any LUN).
 *
 * <pre>
 * byte  | field
 * ------+------------------------------------------------
 * 0..3  | LUN LIST LENGTH (BE32, 8 × number of LUNs)
 * 4..7  | reserved
 * 8..   | one 8-byte LUN each: LUN &lt; 256 peripheral addressing (00 nn 00..),
 *       | otherwise flat space addressing (0x40 | lun &gt;&gt; 8, lun &amp; 0xFF, 00..)
 * </pre>
 */
public final class ReportLuns {
    public static final int HEADER_LENGTH = 8;
    public static final int LUN_LENGTH = 8;
    /** CDB byte 2: SELECT REPORT. */
    public static final int SELECT_REPORT = 2;
    /** CDB bytes 6..9: ALLOCATION LENGTH. */
    public static final int ALLOCATION_LENGTH = 6;

    private ReportLuns() {
    }

    /**
     * Writes the REPORT LUNS response for {@code luns} (0..16383) into {@code dataIn}, truncated to the
     * allocation length; returns the bytes the command wanted to transfer.
     *
     * @throws ScsiException INVALID FIELD IN CDB for a SELECT REPORT other than 0, 1 (well-known LUNs: none), 2
     */
    public static long respond(Cdb cdb, int[] luns, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        int select = cdb.u8(SELECT_REPORT);
        if (select > 2) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(SELECT_REPORT, -1));
        }
        int count = select == 1 ? 0 : luns.length;
        byte[] data = new byte[HEADER_LENGTH + LUN_LENGTH * count];
        ByteBuffer b = ByteBuffer.wrap(data);
        b.putInt(0, LUN_LENGTH * count);
        for (int i = 0; i < count; i++) {
            int lun = luns[i];
            int at = HEADER_LENGTH + LUN_LENGTH * i;
            if (lun < 256) {
                data[at + 1] = (byte) lun;
            } else {
                data[at] = (byte) (0x40 | (lun >>> 8) & 0x3F);
                data[at + 1] = (byte) lun;
            }
        }
        return DataIn.copy(data, data.length, cdb.u32(ALLOCATION_LENGTH), dataIn, rsp);
    }
}
