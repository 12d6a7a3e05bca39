package io.obd4j.core.scsi;

import java.nio.ByteBuffer;

/**
 * ORWRITE(16) (SBC-3 §5.8): each block becomes the bitwise OR of its old contents and the data-out, read, merged
 * and written under the unit's read-modify-write lock (atomic against COMPARE AND WRITE and other ORWRITEs, not
 * against plain WRITEs racing on the same blocks). ORPROTECT must be 0 (no protection information) and DPO/FUA 0
 * (MODE SENSE reports DPOFUA=0); a NUMBER OF LOGICAL BLOCKS of 0 only range checks.
 *
 * <pre>
 * CDB: [1] ORPROTECT (7..5) | DPO 0x10 | FUA 0x08, [2..9] LBA, [10..13] NUMBER OF LOGICAL BLOCKS, [14] GROUP
 * </pre>
 */
final class OrWriteCommand implements CommandHandler {
    private static final int CHUNK = 1 << 20;

    private final LogicalUnit unit;
    private final BlockIo io;

    OrWriteCommand(LogicalUnit unit) {
        this.unit = unit;
        this.io = new BlockIo(unit);
    }

    @Override
    public DataDirection direction(Cdb cdb) {
        return DataDirection.OUT;
    }

    @Override
    public long dataOutLength(Cdb cdb) {
        return unit.bytes(cdb.transferLength());
    }

    @Override
    public long execute(Cdb cdb, ByteBuffer dataOut, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        BlockIo.requireNoProtection(cdb);
        BlockIo.requireNoDpoFua(cdb, BlockIo.DPO | BlockIo.FUA);
        long lba = cdb.lba();
        long blocks = cdb.transferLength();
        unit.checkRange(lba, blocks);
        unit.checkTransferLength(cdb, blocks);
        unit.checkWritable();
        long bytes = unit.bytes(blocks);
        BlockIo.requireDataOut(dataOut, bytes);
        if (blocks == 0) {
            return 0;
        }
        ByteBuffer merged = ByteBuffer.allocate((int) Math.min(bytes, CHUNK));
        int base = dataOut.position();
        synchronized (unit.readModifyWriteLock) {
            long done = 0;
            while (done < bytes) {
                int n = (int) Math.min(merged.capacity(), bytes - done);
                long at = lba + (done >> unit.blockShift);
                merged.clear().limit(n);
                io.read(at, merged);
                for (int i = 0; i < n; i++) {
                    merged.put(i, (byte) (merged.get(i) | dataOut.get(base + (int) done + i)));
                }
                merged.position(0).limit(n);
                io.write(at, merged);
                done += n;
            }
        }
        return bytes;
    }
}
