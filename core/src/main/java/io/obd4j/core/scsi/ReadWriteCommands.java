package io.obd4j.core.scsi;

import java.nio.ByteBuffer;

/**
 * READ(6/10/12/16), WRITE(6/10/12/16) and WRITE AND VERIFY(10/12/16) — the hot path: the caller's buffers are
 * handed straight to the block device. SBC-3 rules: a TRANSFER LENGTH of 0 means 256 blocks for the 6-byte
 * forms and nothing otherwise (the LBA is still range checked); RDPROTECT/WRPROTECT must be 0 (no protection
 * information) and DPO/FUA 0 (MODE SENSE says DPOFUA=0). Data-in is cut to the initiator's expected length
 * (overflow residual). A write whose data-out is shorter than its transfer length is processed for the whole
 * blocks that arrived (FCP-4 / libiscsi residual tests: GOOD with an overflow residual); a data-out that ends
 * inside a block writes nothing and fails with INVALID FIELD IN COMMAND INFORMATION UNIT.
 */
final class ReadWriteCommands implements CommandHandler {
    /** BYTCHK of WRITE AND VERIFY: 00b no compare, 01b compare (trivially equal: it is the data written). */
    private static final int BYTCHK_MASK = 0x06;
    private static final int BYTCHK_COMPARE = 0x02;

    private final LogicalUnit unit;
    private final BlockIo io;

    ReadWriteCommands(LogicalUnit unit) {
        this.unit = unit;
        this.io = new BlockIo(unit);
    }

    private static boolean isRead(Cdb cdb) {
        int op = cdb.opcode();
        return op == ScsiOpcode.READ_6 || op == ScsiOpcode.READ_10 || op == ScsiOpcode.READ_12
            || op == ScsiOpcode.READ_16;
    }

    /** TRANSFER LENGTH in blocks (READ/WRITE(6): 0 means 256). */
    static long blocks(Cdb cdb) {
        long blocks = cdb.transferLength();
        return blocks == 0 && cdb.length() == 6 ? 256 : blocks;
    }

    @Override
    public DataDirection direction(Cdb cdb) {
        return isRead(cdb) ? DataDirection.IN : DataDirection.OUT;
    }

    @Override
    public long dataOutLength(Cdb cdb) {
        return isRead(cdb) ? 0 : unit.bytes(blocks(cdb));
    }

    @Override
    public long execute(Cdb cdb, ByteBuffer dataOut, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        long blocks = checked(cdb);
        return isRead(cdb) ? read(cdb.lba(), blocks, dataIn, rsp) : write(cdb, cdb.lba(), blocks, dataOut);
    }

    /** The CDB's checks shared by every form; returns the transfer length in blocks. */
    private long checked(Cdb cdb) throws ScsiException {
        long blocks = blocks(cdb);
        if (cdb.length() != 6) {
            BlockIo.requireNoProtection(cdb);
            BlockIo.requireNoDpoFua(cdb, BlockIo.DPO | BlockIo.FUA);
        }
        unit.checkRange(cdb.lba(), blocks);
        unit.checkTransferLength(cdb, blocks);
        return blocks;
    }

    /**
     * A READ whose bytes are all in memory, executed like {@link #execute}; returns the bytes the command wants, or
     * -1 when it is not a READ, its data is not cached, or it would fail (the worker's {@link #execute} reports it).
     */
    long readIfCached(Cdb cdb, ByteBuffer dataIn, ScsiResponse rsp) {
        if (!isRead(cdb)) {
            return -1;
        }
        long blocks;
        try {
            blocks = checked(cdb);
        } catch (ScsiException e) {
            return -1;
        }
        long bytes = unit.bytes(blocks);
        int n = (int) Math.min(bytes, dataIn.remaining());
        if (n > 0 && !io.readIfCached(cdb.lba(), n, dataIn)) {
            return -1;
        }
        rsp.dataInLength(n);
        return bytes;
    }

    private long read(long lba, long blocks, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        long bytes = unit.bytes(blocks);
        int n = (int) Math.min(bytes, dataIn.remaining());
        if (n > 0) {
            io.read(lba, n, dataIn);
        }
        rsp.dataInLength(n);
        return bytes;
    }

    private long write(Cdb cdb, long lba, long blocks, ByteBuffer dataOut) throws ScsiException {
        boolean verify = cdb.opcode() == ScsiOpcode.WRITE_AND_VERIFY_10
            || cdb.opcode() == ScsiOpcode.WRITE_AND_VERIFY_12 || cdb.opcode() == ScsiOpcode.WRITE_AND_VERIFY_16;
        if (verify && (cdb.flags() & BYTCHK_MASK) > BYTCHK_COMPARE) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 2));
        }
        unit.checkWritable();
        long bytes = unit.bytes(blocks);
        long arrived = Math.min(bytes, dataOut.remaining());
        if (arrived < bytes && (arrived & (unit.blockSize - 1)) != 0) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_INFORMATION_UNIT,
                "data-out of " + arrived + " bytes ends inside a block");
        }
        if (arrived > 0) {
            io.write(lba, dataOut, 0, (int) arrived);
            if (verify) {
                io.flush();
            }
        }
        return bytes;
    }
}
