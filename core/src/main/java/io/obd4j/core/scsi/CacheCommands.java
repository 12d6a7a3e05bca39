package io.obd4j.core.scsi;

import java.nio.ByteBuffer;

/**
 * SYNCHRONIZE CACHE(10/16) → {@link io.obd4j.core.image.BlockDevice#flush()} (overlaybd: fdatasync), and
 * PRE-FETCH(10/16), which only range checks (there is no cache to fill; libiscsi expects GOOD). NUMBER OF LOGICAL
 * BLOCKS 0 means "to the end of the medium"; the range is checked either way. IMMED is honoured by completing
 * after the flush, which SBC allows.
 */
final class CacheCommands implements CommandHandler {
    private final LogicalUnit unit;
    private final BlockIo io;

    CacheCommands(LogicalUnit unit) {
        this.unit = unit;
        this.io = new BlockIo(unit);
    }

    @Override
    public DataDirection direction(Cdb cdb) {
        return DataDirection.NONE;
    }

    @Override
    public long dataOutLength(Cdb cdb) {
        return 0;
    }

    @Override
    public long execute(Cdb cdb, ByteBuffer dataOut, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        unit.checkRange(cdb.lba(), cdb.transferLength());
        int op = cdb.opcode();
        if (op == ScsiOpcode.SYNCHRONIZE_CACHE_10 || op == ScsiOpcode.SYNCHRONIZE_CACHE_16) {
            io.flush();
        }
        return 0;
    }
}
