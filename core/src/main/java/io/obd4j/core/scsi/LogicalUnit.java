package io.obd4j.core.scsi;

import io.obd4j.core.image.BlockDevice;

/** The immutable parameters of one logical unit, shared by the command families. */
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
    final int[] luns;

    LogicalUnit(BlockDevice device, DeviceIdentity identity, int blockSize, boolean writeCacheEnabled,
                boolean unmapEnabled, long maxUnmapBlocks, int[] luns) {
        this.device = device;
        this.identity = identity;
        this.blockSize = blockSize;
        this.blockShift = Integer.numberOfTrailingZeros(blockSize);
        this.blockCount = device.size() >> blockShift;
        this.readOnly = device.isReadOnly();
        this.writeCacheEnabled = writeCacheEnabled;
        this.unmapEnabled = unmapEnabled;
        this.maxUnmapBlocks = maxUnmapBlocks;
        this.luns = luns.clone();
    }

    /** Fails with LBA OUT OF RANGE unless {@code [lba, lba + blocks)} lies inside the unit. */
    void checkRange(long lba, long blocks) throws ScsiException {
        if (lba < 0 || blocks < 0 || lba > blockCount || blocks > blockCount - lba) {
            throw new ScsiException(Sense.LBA_OUT_OF_RANGE, "lba " + Long.toUnsignedString(lba) + " + " + blocks
                + " blocks, capacity " + blockCount);
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
