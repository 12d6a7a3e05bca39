package io.obd4j.core.scsi;

/** A command family that only returns data (direction IN for every opcode it serves, no data-out). */
interface DataInHandler extends CommandHandler {

    @Override
    default DataDirection direction(Cdb cdb) {
        return DataDirection.IN;
    }

    @Override
    default long dataOutLength(Cdb cdb) {
        return 0;
    }
}
