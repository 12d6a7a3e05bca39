package io.obd4j.core.format.zfile;

import io.obd4j.core.format.Crc32c;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The ZFile header/trailer: a 96-byte struct ({@code CompressionFile::HeaderTrailer}, not packed) at the start of
 * a 512-byte area, little-endian (spec §2.2).
 *
 * <table>
 * <caption>HeaderTrailer</caption>
 * <tr><th>Off</th><th>Size</th><th>Name</th><th>Notes</th></tr>
 * <tr><td>0</td><td>8</td><td>magic0</td><td>{@code "ZFile\0\1\0"} = u64 0x000100656C69465A</td></tr>
 * <tr><td>8</td><td>16</td><td>magic1</td><td>ASCII {@code "tuji.yyf@Alibaba"}</td></tr>
 * <tr><td>24</td><td>4</td><td>size</td><td>96</td></tr>
 * <tr><td>28</td><td>4</td><td>digest</td><td>raw CRC32C (seed 0) of all 512 bytes with this field 0</td></tr>
 * <tr><td>32</td><td>8</td><td>flags</td><td>bit0 header, bit1 data file, bit2 sealed, bit3 header overwrite,
 *     bit4 digest valid, bit5 index compressed (unsupported)</td></tr>
 * <tr><td>40</td><td>8</td><td>index_offset</td><td>bytes</td></tr>
 * <tr><td>48</td><td>8</td><td>index_size</td><td>number of blocks (u32 jump-table entries)</td></tr>
 * <tr><td>56</td><td>8</td><td>original_file_size</td><td>uncompressed bytes</td></tr>
 * <tr><td>64</td><td>4</td><td>index_crc</td><td>raw CRC32C (seed 0) of the jump table</td></tr>
 * <tr><td>68</td><td>4</td><td>reserved_0</td><td>0</td></tr>
 * <tr><td>72</td><td>4</td><td>opt.block_size</td><td>4..64 KiB</td></tr>
 * <tr><td>76</td><td>1</td><td>opt.algo</td><td>1 LZ4, 2 ZSTD</td></tr>
 * <tr><td>77</td><td>1</td><td>opt.level</td><td>0, ignored</td></tr>
 * <tr><td>78</td><td>1</td><td>opt.use_dict</td><td>0</td></tr>
 * <tr><td>79</td><td>1</td><td>padding</td><td>0</td></tr>
 * <tr><td>80</td><td>4</td><td>opt.reserved</td><td>0</td></tr>
 * <tr><td>84</td><td>4</td><td>opt.dict_size</td><td>0; block 0 starts at 512 + dict_size</td></tr>
 * <tr><td>88</td><td>1</td><td>opt.verify</td><td>1 = each block is followed by a 4-byte CRC</td></tr>
 * <tr><td>89..511</td><td></td><td>padding</td><td>0 in current writers (garbage in the 2021 ext4_64)</td></tr>
 * </table>
 */
public final class ZFileHeaderFormat {
    /** Size of the header and trailer areas. */
    public static final int SPACE = 512;
    /** {@code sizeof(HeaderTrailer)}. */
    public static final int STRUCT_SIZE = 96;

    public static final int MAGIC0_OFFSET = 0;
    public static final int MAGIC1_OFFSET = 8;
    public static final int SIZE_OFFSET = 24;
    public static final int DIGEST_OFFSET = 28;
    public static final int FLAGS_OFFSET = 32;
    public static final int INDEX_OFFSET_OFFSET = 40;
    public static final int INDEX_SIZE_OFFSET = 48;
    public static final int ORIGINAL_FILE_SIZE_OFFSET = 56;
    public static final int INDEX_CRC_OFFSET = 64;
    public static final int RESERVED0_OFFSET = 68;
    public static final int BLOCK_SIZE_OFFSET = 72;
    public static final int ALGO_OFFSET = 76;
    public static final int LEVEL_OFFSET = 77;
    public static final int USE_DICT_OFFSET = 78;
    public static final int OPT_RESERVED_OFFSET = 80;
    public static final int DICT_SIZE_OFFSET = 84;
    public static final int VERIFY_OFFSET = 88;

    public static final long MAGIC0 = 0x000100656C69465AL;
    /** magic1 as the two little-endian u64 words at offsets 8 and 16 ({@code "tuji.yyf"}, {@code "@Alibaba"}). */
    public static final long MAGIC1_LO = 0x6679792E696A7574L;
    public static final long MAGIC1_HI = 0x61626162696C4140L;

    public static final long FLAG_HEADER = 1L;
    public static final long FLAG_DATA_FILE = 1L << 1;
    public static final long FLAG_SEALED = 1L << 2;
    public static final long FLAG_HEADER_OVERWRITE = 1L << 3;
    public static final long FLAG_CALC_DIGEST = 1L << 4;
    public static final long FLAG_INDEX_COMPRESSED = 1L << 5;

    /** {@code MAX_ZFILE_INDEX_SIZE}: more blocks than this are refused at open. */
    public static final long MAX_INDEX_SIZE = 1_000_000_000L;

    private static final byte[] ZERO_DIGEST = new byte[4];

    private ZFileHeaderFormat() {
    }

    /** True when both magics match (the area's first 24 bytes). */
    public static boolean hasMagic(ByteBuffer area) {
        ByteBuffer b = area.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int p = area.position();
        return b.getLong(p + MAGIC0_OFFSET) == MAGIC0 && b.getLong(p + MAGIC1_OFFSET) == MAGIC1_LO
                && b.getLong(p + MAGIC1_OFFSET + 8) == MAGIC1_HI;
    }

    /** Decodes the struct at {@code area.position()} (the buffer's position is not moved). */
    public static ZFileHeader decode(ByteBuffer area) {
        ByteBuffer b = area.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int p = area.position();
        return new ZFileHeader(b.getLong(p + FLAGS_OFFSET), b.getInt(p + DIGEST_OFFSET),
                b.getLong(p + INDEX_OFFSET_OFFSET), b.getLong(p + INDEX_SIZE_OFFSET),
                b.getLong(p + ORIGINAL_FILE_SIZE_OFFSET), b.getInt(p + INDEX_CRC_OFFSET),
                b.getInt(p + BLOCK_SIZE_OFFSET), b.get(p + ALGO_OFFSET) & 0xFF, b.get(p + LEVEL_OFFSET) & 0xFF,
                b.get(p + USE_DICT_OFFSET) & 0xFF, b.getInt(p + DICT_SIZE_OFFSET), b.get(p + VERIFY_OFFSET) & 0xFF);
    }

    /**
     * Encodes {@code h} into a fresh zeroed 512-byte area and stores the digest computed over it (the {@code digest}
     * field of {@code h} is ignored), as {@code write_header_trailer} does.
     */
    public static byte[] encode(ZFileHeader h) {
        byte[] area = new byte[SPACE];
        ByteBuffer b = ByteBuffer.wrap(area).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC0_OFFSET, MAGIC0);
        b.putLong(MAGIC1_OFFSET, MAGIC1_LO);
        b.putLong(MAGIC1_OFFSET + 8, MAGIC1_HI);
        b.putInt(SIZE_OFFSET, STRUCT_SIZE);
        b.putLong(FLAGS_OFFSET, h.flags());
        b.putLong(INDEX_OFFSET_OFFSET, h.indexOffset());
        b.putLong(INDEX_SIZE_OFFSET, h.indexSize());
        b.putLong(ORIGINAL_FILE_SIZE_OFFSET, h.originalFileSize());
        b.putInt(INDEX_CRC_OFFSET, h.indexCrc());
        b.putInt(BLOCK_SIZE_OFFSET, h.blockSize());
        b.put(ALGO_OFFSET, (byte) h.algo());
        b.put(LEVEL_OFFSET, (byte) h.level());
        b.put(USE_DICT_OFFSET, (byte) h.useDict());
        b.putInt(DICT_SIZE_OFFSET, h.dictSize());
        b.put(VERIFY_OFFSET, (byte) h.verify());
        b.putInt(DIGEST_OFFSET, digestOf(area, 0));
        return area;
    }

    /** The digest of the 512-byte area at {@code off}: CRC32C (seed 0) with the digest field taken as zero. */
    public static int digestOf(byte[] buf, int off) {
        int crc = Crc32c.compute(0, buf, off, DIGEST_OFFSET);
        crc = Crc32c.compute(crc, ZERO_DIGEST, 0, 4);
        return Crc32c.compute(crc, buf, off + DIGEST_OFFSET + 4, SPACE - DIGEST_OFFSET - 4);
    }
}
