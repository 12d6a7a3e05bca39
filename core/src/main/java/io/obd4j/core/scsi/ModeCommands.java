package io.obd4j.core.scsi;

import java.nio.ByteBuffer;

/**
 * MODE SENSE(6/10) and MODE SELECT(6/10) over {@link ModePages}, following libtcmu's emulation
 * (spec tcmu-and-snapshotter.md §4.6).
 *
 * <p>MODE SENSE: ALLOCATION LENGTH 0 is GOOD without data; an allocation length below the header is INVALID
 * FIELD IN CDB; the response is built in an allocation-length buffer and returned whole, zero padded, as libtcmu
 * does. DBD and PC are ignored.
 *
 * <p>MODE SELECT: PARAMETER LIST LENGTH 0 is GOOD; 512 bytes or more is PARAMETER LIST LENGTH ERROR; PF must be
 * 1 and SP 0. Nothing is changeable, so every page sent must equal what MODE SENSE returns. Unlike libtcmu,
 * which takes the page code from reserved CDB byte 2 (and so refuses every normal MODE SELECT), the pages are
 * read from the parameter list as SPC-4 §7.5 defines it; unknown or different pages are INVALID FIELD IN
 * PARAMETER LIST, a list shorter than header + page is PARAMETER LIST LENGTH ERROR.
 */
final class ModeCommands implements CommandHandler {
    private static final int PF = 0x10;
    private static final int SP = 0x01;
    private static final int MAX_PARAMETER_LIST = 512;

    private final ModePages pages;

    ModeCommands(LogicalUnit unit) {
        this.pages = new ModePages(unit);
    }

    private static boolean isTen(Cdb cdb) {
        return cdb.opcode() == ScsiOpcode.MODE_SENSE_10 || cdb.opcode() == ScsiOpcode.MODE_SELECT_10;
    }

    private static boolean isSelect(Cdb cdb) {
        return cdb.opcode() == ScsiOpcode.MODE_SELECT_6 || cdb.opcode() == ScsiOpcode.MODE_SELECT_10;
    }

    /** ALLOCATION LENGTH (sense) or PARAMETER LIST LENGTH (select): byte 4 of (6), bytes 7..8 of (10). */
    private static int length(Cdb cdb) {
        return isTen(cdb) ? cdb.u16(7) : cdb.u8(4);
    }

    @Override
    public DataDirection direction(Cdb cdb) {
        return isSelect(cdb) ? DataDirection.OUT : DataDirection.IN;
    }

    @Override
    public long dataOutLength(Cdb cdb) {
        return isSelect(cdb) ? length(cdb) : 0;
    }

    @Override
    public long execute(Cdb cdb, ByteBuffer dataOut, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        return isSelect(cdb) ? select(cdb, dataOut) : sense(cdb, dataIn, rsp);
    }

    private long sense(Cdb cdb, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        boolean ten = isTen(cdb);
        int allocation = length(cdb);
        if (allocation == 0) {
            return 0;
        }
        int lengthField = ten ? 7 : 4;
        if (allocation < (ten ? ModePages.HEADER_10 : ModePages.HEADER_6)) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(lengthField, -1));
        }
        byte[] data = pages.sense(ten, cdb.u8(2) & ModePages.PAGE_CODE_MASK, cdb.u8(3));
        if (data == null) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(2, 5),
                "mode page 0x" + Integer.toHexString(cdb.u8(2) & 0x3F) + "/" + cdb.u8(3));
        }
        int n = Math.min(allocation, dataIn.remaining());
        int copied = Math.min(n, data.length);
        int at = dataIn.position();
        if (copied > 0) {
            dataIn.put(at, data, 0, copied);
        }
        for (int i = copied; i < n; i++) {
            dataIn.put(at + i, (byte) 0);
        }
        rsp.dataInLength(n);
        return allocation;
    }

    private long select(Cdb cdb, ByteBuffer dataOut) throws ScsiException {
        boolean ten = isTen(cdb);
        int listLength = length(cdb);
        if (listLength == 0) {
            return 0;
        }
        if (listLength >= MAX_PARAMETER_LIST) {
            throw new ScsiException(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        if ((cdb.flags() & PF) == 0 || (cdb.flags() & SP) != 0) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, (cdb.flags() & SP) != 0 ? 0 : 4));
        }
        if (dataOut.remaining() < listLength) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_INFORMATION_UNIT,
                "parameter list " + listLength + " bytes, data-out " + dataOut.remaining());
        }
        int base = dataOut.position();
        int header = ten ? ModePages.HEADER_10 : ModePages.HEADER_6;
        if (listLength < header) {
            throw new ScsiException(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        int descriptors = ten ? (dataOut.get(base + 6) & 0xFF) << 8 | dataOut.get(base + 7) & 0xFF
            : dataOut.get(base + 3) & 0xFF;
        int at = header + descriptors;
        if (at > listLength) {
            throw new ScsiException(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        while (at < listLength) {
            at += checkPage(dataOut, base + at, listLength - at);
        }
        return listLength;
    }

    /** Checks one page of a MODE SELECT list at {@code at} with {@code left} bytes left; returns its length. */
    private int checkPage(ByteBuffer list, int at, int left) throws ScsiException {
        int code = list.get(at) & ModePages.PAGE_CODE_MASK;
        if ((list.get(at) & ModePages.SPF) != 0) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_PARAMETER_LIST, "subpage format");
        }
        byte[] ours = pages.page(code);
        if (ours == null) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_PARAMETER_LIST, "mode page 0x" + Integer.toHexString(code));
        }
        if (left < 2 || left < ours.length) {
            throw new ScsiException(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        for (int i = 1; i < ours.length; i++) {
            if (list.get(at + i) != ours[i]) {
                throw new ScsiException(Sense.INVALID_FIELD_IN_PARAMETER_LIST,
                    "mode page 0x" + Integer.toHexString(code) + " byte " + i + " is not changeable");
            }
        }
        return ours.length;
    }
}
