package io.obd4j.core.scsi;

import java.nio.ByteBuffer;

/**
 * Commands about the unit rather than its blocks: TEST UNIT READY, REQUEST SENSE, START STOP UNIT, PREVENT ALLOW
 * MEDIUM REMOVAL, REPORT LUNS. The unit is never removable and always ready.
 */
final class UnitCommands implements CommandHandler {
    private final LogicalUnit unit;

    UnitCommands(LogicalUnit unit) {
        this.unit = unit;
    }

    @Override
    public DataDirection direction(Cdb cdb) {
        int op = cdb.opcode();
        return op == ScsiOpcode.REQUEST_SENSE || op == ScsiOpcode.REPORT_LUNS ? DataDirection.IN : DataDirection.NONE;
    }

    @Override
    public long dataOutLength(Cdb cdb) {
        return 0;
    }

    @Override
    public long execute(Cdb cdb, ByteBuffer dataOut, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        switch (cdb.opcode()) {
            case ScsiOpcode.TEST_UNIT_READY:
                return 0;
            case ScsiOpcode.REQUEST_SENSE:
                return requestSense(cdb, dataIn, rsp);
            case ScsiOpcode.START_STOP_UNIT:
                return startStop(cdb);
            case ScsiOpcode.PREVENT_ALLOW_MEDIUM_REMOVAL:
                return preventAllow(cdb);
            case ScsiOpcode.REPORT_LUNS:
                return ReportLuns.respond(cdb, unit.luns, dataIn, rsp);
            default:
                throw new ScsiException(Sense.INVALID_OPCODE);
        }
    }

    /**
     * Sense is always returned with the CHECK CONDITION itself (autosense), so nothing is ever pending: NO SENSE.
     * DESC=1 asks for descriptor format, which this unit does not support (SPC-4 §6.39: INVALID FIELD IN CDB).
     */
    private static long requestSense(Cdb cdb, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        if ((cdb.flags() & 0x01) != 0) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 0));
        }
        return DataIn.copy(Sense.NO_SENSE.toFixedBytes(), SenseFormat.LENGTH, cdb.u8(4), dataIn, rsp);
    }

    /**
     * tcmu-runner's START STOP UNIT (spec §4.6): a POWER CONDITION other than 0 is refused. A non-removable disk
     * that cannot really stop accepts START=0 as well (libiscsi's LOEJ=0 tests expect GOOD); LOEJ is refused.
     */
    private static long startStop(Cdb cdb) throws ScsiException {
        if ((cdb.u8(4) >>> 4) != 0) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(4, 7));
        }
        if ((cdb.u8(4) & 0x02) != 0) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(4, 1));
        }
        return 0;
    }

    /** The medium cannot be removed anyway; PREVENT values 0 and 1 are accepted, 2 and 3 (obsolete) refused. */
    private static long preventAllow(Cdb cdb) throws ScsiException {
        if ((cdb.u8(4) & 0x03) > 1) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(4, 1));
        }
        return 0;
    }
}
