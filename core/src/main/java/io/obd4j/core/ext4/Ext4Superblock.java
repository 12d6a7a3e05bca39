package io.obd4j.core.ext4;

import io.obd4j.core.format.FormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The superblock fields the reader needs, validated. */
record Ext4Superblock(long inodesCount, long blocksCount, long firstDataBlock, int blockSize, long inodesPerGroup,
                      int inodeSize, int descSize, int incompat) {

    /** Parses the 1024 superblock bytes of {@code image}; offsets in errors are absolute. */
    static Ext4Superblock parse(String image, ByteBuffer sb) throws FormatException {
        ByteBuffer b = sb.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long base = Ext4Format.SUPERBLOCK_OFFSET;
        int magic = Short.toUnsignedInt(b.getShort(Ext4Format.SB_MAGIC));
        if (magic != Ext4Format.MAGIC) {
            throw new FormatException(image, "s_magic", base + Ext4Format.SB_MAGIC, "0xEF53 (an ext2/3/4 filesystem)",
                    String.format("0x%04X", magic));
        }
        int log = b.getInt(Ext4Format.SB_LOG_BLOCK_SIZE);
        if (log < 0 || log > 6) {
            throw new FormatException(image, "s_log_block_size", base + Ext4Format.SB_LOG_BLOCK_SIZE, "0..6", log);
        }
        int incompat = b.getInt(Ext4Format.SB_FEATURE_INCOMPAT);
        int unsupported = incompat & (Ext4Format.INCOMPAT_COMPRESSION | Ext4Format.INCOMPAT_JOURNAL_DEV
                | Ext4Format.INCOMPAT_META_BG | Ext4Format.INCOMPAT_DIRDATA);
        if (unsupported != 0) {
            throw new FormatException(image, "s_feature_incompat", base + Ext4Format.SB_FEATURE_INCOMPAT,
                    "none of compression, journal_dev, meta_bg, dirdata (not supported by obd4j's ext4 reader)",
                    String.format("0x%X", incompat));
        }
        boolean is64 = (incompat & Ext4Format.INCOMPAT_64BIT) != 0;
        int descSize = is64 ? Short.toUnsignedInt(b.getShort(Ext4Format.SB_DESC_SIZE)) : Ext4Format.GD_SIZE_32;
        if (is64 && (descSize < Ext4Format.GD_SIZE_64 || Integer.bitCount(descSize) != 1)) {
            throw new FormatException(image, "s_desc_size", base + Ext4Format.SB_DESC_SIZE,
                    "a power of two >= 64 with the 64bit feature", descSize);
        }
        int rev = b.getInt(Ext4Format.SB_REV_LEVEL);
        int inodeSize = rev == 0 ? 128 : Short.toUnsignedInt(b.getShort(Ext4Format.SB_INODE_SIZE));
        if (inodeSize < 128 || Integer.bitCount(inodeSize) != 1) {
            throw new FormatException(image, "s_inode_size", base + Ext4Format.SB_INODE_SIZE,
                    "a power of two >= 128", inodeSize);
        }
        long ipg = Integer.toUnsignedLong(b.getInt(Ext4Format.SB_INODES_PER_GROUP));
        if (ipg == 0) {
            throw new FormatException(image, "s_inodes_per_group", base + Ext4Format.SB_INODES_PER_GROUP, "> 0", 0);
        }
        long blocks = Integer.toUnsignedLong(b.getInt(Ext4Format.SB_BLOCKS_COUNT_LO));
        if (is64) {
            blocks |= Integer.toUnsignedLong(b.getInt(Ext4Format.SB_BLOCKS_COUNT_HI)) << 32;
        }
        return new Ext4Superblock(Integer.toUnsignedLong(b.getInt(Ext4Format.SB_INODES_COUNT)), blocks,
                Integer.toUnsignedLong(b.getInt(Ext4Format.SB_FIRST_DATA_BLOCK)), 1024 << log, ipg, inodeSize,
                descSize, incompat);
    }
}
