package io.obd4j.core.scsi;

import io.obd4j.core.image.BlockDevice;

/** The immutable parameters of one logical unit, shared by the command families (and their one shared lock). */
final class LogicalUnit {
    final BlockDevice device;
    final DeviceIdentity identity;
    final int blockSize;
    final int blockShift;
    /** Number of logical blocks (overlaybd: {@code vsize / block size}). */
    final long blockCount;
    final boolean readOnly;
    final boolean writeCacheEnabled;
    final boolean unmapEnabled;
    /** MAXIMUM UNMAP LBA COUNT of VPD B0 (0 = not reported, as overlaybd does). */
    final long maxUnmapBlocks;
    /** MAXIMUM (and OPTIMAL) TRANSFER LENGTH of VPD B0 in blocks, enforced on READ/WRITE; 0 = no limit. */
    final long maxTransferBlocks;
    /** WSNZ of VPD B0: WRITE SAME refuses 0 blocks (overlaybd) instead of writing to the end of the unit. */
    final boolean writeSameNonZero;
    final int[] luns;
    /** Serialises the read-modify-write commands (COMPARE AND WRITE, ORWRITE) against each other. */
    final Object readModifyWriteLock = new Object();

    LogicalUnit(BlockDevice device, DeviceIdentity identity, int blockSize, boolean writeCacheEnabled,
                boolean unmapEnabled, long maxUnmapBlocks, long maxTransferBlocks, boolean writeSameNonZero,
                int[] luns) {
        this.device = device;
        this.identity = identity;
        this.blockSize = blockSize;
        this.blockShift = Integer.numberOfTrailingZeros(blockSize);
        this.blockCount = device.size() >> blockShift;
        this.readOnly = device.isReadOnly();
        this.writeCacheEnabled = writeCacheEnabled;
        this.unmapEnabled = unmapEnabled;
        this.maxUnmapBlocks = maxUnmapBlocks;
        this.maxTransferBlocks = maxTransferBlocks;
        this.writeSameNonZero = writeSameNonZero;
        this.luns = luns.clone();
    }

    /** Fails with LBA OUT OF RANGE unless {@code [lba, lba + blocks)} lies inside the unit. */
    void checkRange(long lba, long blocks) throws ScsiException {
        if (lba < 0 || blocks < 0 || lba > blockCount || blocks > blockCount - lba) {
            throw new ScsiException(Sense.LBA_OUT_OF_RANGE, "lba " + Long.toUnsignedString(lba) + " + " + blocks
                + " blocks, capacity " + blockCount);
        }
    }

    /**
     * Fails with INVALID FIELD IN CDB (pointing at TRANSFER LENGTH) when {@code blocks} exceeds the MAXIMUM
     * TRANSFER LENGTH reported in VPD B0 (SBC-3 §6.6.4).
     */
    void checkTransferLength(Cdb cdb, long blocks) throws ScsiException {
        if (maxTransferBlocks != 0 && blocks > maxTransferBlocks) {
            int field = cdb.length() == 10 ? 7 : cdb.length() == 12 ? 6 : 10;
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(field, -1),
                blocks + " blocks exceed the maximum transfer length " + maxTransferBlocks);
        }
    }

    /** Fails with DATA PROTECT / WRITE PROTECTED on a read-only unit. */
    void checkWritable() throws ScsiException {
        if (readOnly) {
            throw new ScsiException(Sense.WRITE_PROTECTED);
        }
    }

    long byteOffset(long lba) {
        return lba << blockShift;
    }

    long bytes(long blocks) {
        return blocks << blockShift;
    }
}
