package io.obd4j.core.ext4;

/**
 * Byte layouts of the ext4 structures the reader uses (Linux {@code fs/ext4/ext4.h}, {@code ext4_extents.h}), all
 * little-endian.
 *
 * <pre>
 * superblock (at byte 1024)         group descriptor (32 or s_desc_size bytes)
 * 0x00 u32 s_inodes_count            0x08 u32 bg_inode_table_lo
 * 0x04 u32 s_blocks_count_lo         0x28 u32 bg_inode_table_hi (desc_size &gt;= 64)
 * 0x14 u32 s_first_data_block
 * 0x18 u32 s_log_block_size         inode (s_inode_size bytes)
 * 0x20 u32 s_blocks_per_group        0x00 u16 i_mode
 * 0x28 u32 s_inodes_per_group        0x04 u32 i_size_lo
 * 0x38 u16 s_magic = 0xEF53          0x20 u32 i_flags
 * 0x4C u32 s_rev_level               0x28 60B i_block (extent tree root, or a fast symlink's target)
 * 0x58 u16 s_inode_size (rev &gt;= 1)   0x6C u32 i_size_high
 * 0x60 u32 s_feature_incompat
 * 0xFE u16 s_desc_size (64bit)      extent header / leaf / index entry (12 bytes each)
 * 0x150 u32 s_blocks_count_hi        header: u16 magic 0xF30A, u16 entries, u16 max, u16 depth, u32 generation
 *                                    leaf:   u32 ee_block, u16 ee_len (&gt; 32768 = unwritten), u16 start_hi,
 * dir entry: u32 inode, u16 rec_len,         u32 start_lo
 *   u8 name_len, u8 file_type, name  index:  u32 ei_block, u32 leaf_lo, u16 leaf_hi, u16 unused
 * </pre>
 */
final class Ext4Format {
    static final int SUPERBLOCK_OFFSET = 1024;
    static final int SUPERBLOCK_SIZE = 1024;
    static final int SB_INODES_COUNT = 0x00;
    static final int SB_BLOCKS_COUNT_LO = 0x04;
    static final int SB_FIRST_DATA_BLOCK = 0x14;
    static final int SB_LOG_BLOCK_SIZE = 0x18;
    static final int SB_BLOCKS_PER_GROUP = 0x20;
    static final int SB_INODES_PER_GROUP = 0x28;
    static final int SB_MAGIC = 0x38;
    static final int SB_REV_LEVEL = 0x4C;
    static final int SB_INODE_SIZE = 0x58;
    static final int SB_FEATURE_INCOMPAT = 0x60;
    static final int SB_DESC_SIZE = 0xFE;
    static final int SB_BLOCKS_COUNT_HI = 0x150;
    static final int MAGIC = 0xEF53;

    static final int INCOMPAT_COMPRESSION = 0x1;
    static final int INCOMPAT_JOURNAL_DEV = 0x8;
    static final int INCOMPAT_META_BG = 0x10;
    static final int INCOMPAT_64BIT = 0x80;
    static final int INCOMPAT_DIRDATA = 0x1000;

    static final int GD_INODE_TABLE_LO = 0x08;
    static final int GD_INODE_TABLE_HI = 0x28;
    static final int GD_SIZE_32 = 32;
    static final int GD_SIZE_64 = 64;

    static final int ROOT_INODE = 2;
    static final int I_MODE = 0x00;
    static final int I_SIZE_LO = 0x04;
    static final int I_FLAGS = 0x20;
    static final int I_BLOCK = 0x28;
    static final int I_BLOCK_SIZE = 60;
    static final int I_SIZE_HIGH = 0x6C;
    static final int S_IFMT = 0xF000;
    static final int S_IFDIR = 0x4000;
    static final int S_IFREG = 0x8000;
    static final int S_IFLNK = 0xA000;
    static final int FL_ENCRYPT = 0x800;
    static final int FL_INDEX = 0x1000;
    static final int FL_EXTENTS = 0x80000;
    static final int FL_INLINE_DATA = 0x10000000;

    static final int EXTENT_MAGIC = 0xF30A;
    static final int EXTENT_ENTRY_SIZE = 12;
    static final int EH_MAGIC = 0;
    static final int EH_ENTRIES = 2;
    static final int EH_MAX = 4;
    static final int EH_DEPTH = 6;
    static final int EE_BLOCK = 0;
    static final int EE_LEN = 4;
    static final int EE_START_HI = 6;
    static final int EE_START_LO = 8;
    static final int EI_LEAF_LO = 4;
    static final int EI_LEAF_HI = 8;
    static final int EXTENT_INIT_MAX_LEN = 32768;
    static final int MAX_EXTENT_DEPTH = 5;

    static final int DE_INODE = 0;
    static final int DE_REC_LEN = 4;
    static final int DE_NAME_LEN = 6;
    static final int DE_HEADER = 8;

    private Ext4Format() {
    }
}
