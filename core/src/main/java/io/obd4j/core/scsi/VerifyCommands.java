package io.obd4j.core.scsi;

import java.nio.ByteBuffer;

/**
 * VERIFY(10/12/16) and COMPARE AND WRITE. VERIFY's BYTCHK (byte 1 bits 2..1, SBC-4): 00b checks the range only
 * (the medium cannot fail a verify), 01b compares the data-out with the medium, 11b compares one data-out block
 * with every block, 10b is reserved. A mismatch is MISCOMPARE / MISCOMPARE DURING VERIFY OPERATION (1D/00) with
 * INFORMATION = offset of the first differing byte in the data-out. COMPARE AND WRITE (NUMBER OF LOGICAL BLOCKS
 * at most {@link InquiryFormat#MAX_CAW_BLOCKS}, as VPD B0 advertises; data-out exactly twice the blocks) compares
 * then writes under a per-unit lock;
 * it is atomic against other COMPARE AND WRITEs and ORWRITEs, not against plain WRITEs racing on the same blocks.
 */
final class VerifyCommands implements CommandHandler {
    private static final int BYTCHK_MASK = 0x06;
    private static final int BYTCHK_NONE = 0x00;
    private static final int BYTCHK_COMPARE = 0x02;
    private static final int BYTCHK_ONE_BLOCK = 0x06;
    private static final int CAW_BLOCKS = 13;
    private static final int CHUNK = 1 << 20;

    private final LogicalUnit unit;
    private final BlockIo io;

    VerifyCommands(LogicalUnit unit) {
        this.unit = unit;
        this.io = new BlockIo(unit);
    }

    @Override
    public DataDirection direction(Cdb cdb) {
        return dataOutLength(cdb) > 0 ? DataDirection.OUT : DataDirection.NONE;
    }

    @Override
    public long dataOutLength(Cdb cdb) {
        if (cdb.opcode() == ScsiOpcode.COMPARE_AND_WRITE) {
            return 2 * unit.bytes(cdb.u8(CAW_BLOCKS));
        }
        switch (cdb.flags() & BYTCHK_MASK) {
            case BYTCHK_COMPARE: return unit.bytes(cdb.transferLength());
            case BYTCHK_ONE_BLOCK: return cdb.transferLength() == 0 ? 0 : unit.blockSize;
            default: return 0;
        }
    }

    @Override
    public long execute(Cdb cdb, ByteBuffer dataOut, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        BlockIo.requireNoProtection(cdb);
        BlockIo.requireNoDpoFua(cdb, cdb.opcode() == ScsiOpcode.COMPARE_AND_WRITE ? BlockIo.DPO | BlockIo.FUA
            : BlockIo.DPO);
        if (cdb.opcode() == ScsiOpcode.COMPARE_AND_WRITE) {
            return compareAndWrite(cdb, dataOut);
        }
        long lba = cdb.lba();
        long blocks = cdb.transferLength();
        int bytchk = cdb.flags() & BYTCHK_MASK;
        if (bytchk != BYTCHK_NONE && bytchk != BYTCHK_COMPARE && bytchk != BYTCHK_ONE_BLOCK) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 2));
        }
        unit.checkRange(lba, blocks);
        if (bytchk == BYTCHK_COMPARE) {
            unit.checkTransferLength(cdb, blocks);
        }
        long needed = dataOutLength(cdb);
        BlockIo.requireDataOut(dataOut, needed);
        if (bytchk != BYTCHK_NONE && blocks > 0) {
            compare(lba, blocks, dataOut, bytchk == BYTCHK_ONE_BLOCK);
        }
        return needed;
    }

    /** Compares {@code blocks} from {@code lba} with the data-out (or its first block, repeated). */
    private void compare(long lba, long blocks, ByteBuffer dataOut, boolean oneBlock) throws ScsiException {
        long total = unit.bytes(blocks);
        ByteBuffer medium = ByteBuffer.allocate((int) Math.min(total, CHUNK));
        int base = dataOut.position();
        long done = 0;
        while (done < total) {
            int n = (int) Math.min(medium.capacity(), total - done);
            medium.clear().limit(n);
            io.read(lba + (done >> unit.blockShift), medium);
            for (int at = 0; at < n; at += oneBlock ? unit.blockSize : n) {
                int len = oneBlock ? unit.blockSize : n;
                ByteBuffer expected = dataOut.slice(base + (oneBlock ? 0 : (int) done), len);
                int diff = medium.slice(at, len).mismatch(expected);
                if (diff >= 0) {
                    long offset = oneBlock ? diff : done + at + diff;
                    throw new ScsiException(Sense.MISCOMPARE_DURING_VERIFY.withInformation(offset),
                        "at data-out offset " + offset);
                }
            }
            done += n;
        }
    }

    private long compareAndWrite(Cdb cdb, ByteBuffer dataOut) throws ScsiException {
        long lba = cdb.lba();
        int blocks = cdb.u8(CAW_BLOCKS);
        if (blocks > InquiryFormat.MAX_CAW_BLOCKS) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(CAW_BLOCKS, -1));
        }
        unit.checkRange(lba, blocks);
        unit.checkWritable();
        int half = (int) unit.bytes(blocks);
        if (dataOut.remaining() != 2 * half) {
            // as LIO: the data-out must be exactly verify + write data (also for NUMBER OF LOGICAL BLOCKS 0)
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(CAW_BLOCKS, -1),
                "COMPARE AND WRITE of " + blocks + " blocks with " + dataOut.remaining() + " data-out bytes");
        }
        if (blocks == 0) {
            return 0;
        }
        synchronized (unit.readModifyWriteLock) {
            compare(lba, blocks, dataOut, false);
            io.write(lba, dataOut, half, half);
        }
        return 2L * half;
    }
}
