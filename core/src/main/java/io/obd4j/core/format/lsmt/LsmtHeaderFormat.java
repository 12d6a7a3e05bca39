package io.obd4j.core.format.lsmt;

/**
 * The 4096-byte LSMT HeaderTrailer (overlaybd {@code lsmt/file.h}, packed struct of 390 bytes, spec §1.2),
 * shared by headers and trailers of every LSMT file kind. All integers little-endian.
 *
 * <pre>
 * off  size type      field         meaning
 *   0     8 u64       magic0        "LSMT\0\1\2\0" = bytes 4C 53 4D 54 00 01 02 00
 *   8    16 UUID      magic1        65 7E 63 D2 94 44 08 4C A2 D2 C8 EC 4F CF AE 8A
 *  24     4 u32       size          390, never checked by readers
 *  28     4 u32       flags         bit0 header(1)/trailer(0), bit1 data(1)/index(0), bit2 sealed, bit4 sparse RW
 *  32     8 u64       index_offset  bytes from the start of the file
 *  40     8 u64       index_size    number of 16-byte records (not bytes)
 *  48     8 u64       virtual_size  bytes
 *  56    37 char[37]  uuid          36 chars + NUL, upper case when written by C++
 *  93    37 char[37]  parent_uuid   36 chars + NUL
 * 130     2 u16       reserved      0
 * 132     1 u8        version       1
 * 133     1 u8        sub_version   1
 * 134   256 char[256] user_tag      commit message, not NUL-terminated when 256 bytes long
 * 390..4095           zero
 * </pre>
 */
public final class LsmtHeaderFormat {
    /** Size of a header or trailer on disk (HeaderTrailer::SPACE); data starts here (sector 8). */
    public static final int SPACE = 4096;
    public static final int STRUCT_SIZE = 390;

    public static final int MAGIC0_OFFSET = 0;
    public static final int MAGIC1_OFFSET = 8;
    public static final int SIZE_OFFSET = 24;
    public static final int FLAGS_OFFSET = 28;
    public static final int INDEX_OFFSET_OFFSET = 32;
    public static final int INDEX_SIZE_OFFSET = 40;
    public static final int VIRTUAL_SIZE_OFFSET = 48;
    public static final int UUID_OFFSET = 56;
    public static final int PARENT_UUID_OFFSET = 93;
    public static final int RESERVED_OFFSET = 130;
    public static final int VERSION_OFFSET = 132;
    public static final int SUB_VERSION_OFFSET = 133;
    public static final int USER_TAG_OFFSET = 134;

    public static final int UUID_FIELD_LENGTH = 37;
    public static final int USER_TAG_LENGTH = 256;

    /** Bytes 4C 53 4D 54 00 01 02 00 read as a LE u64 (the spec's printed hex value has "SM" swapped). */
    public static final long MAGIC0 = 0x00020100544D534CL;
    private static final byte[] MAGIC1 = {
        0x65, 0x7E, 0x63, (byte) 0xD2, (byte) 0x94, 0x44, 0x08, 0x4C,
        (byte) 0xA2, (byte) 0xD2, (byte) 0xC8, (byte) 0xEC, 0x4F, (byte) 0xCF, (byte) 0xAE, (byte) 0x8A};

    public static final int FLAG_HEADER = 1;
    public static final int FLAG_DATA = 1 << 1;
    public static final int FLAG_SEALED = 1 << 2;
    public static final int FLAG_SPARSE_RW = 1 << 4;

    /** Flags of a committed file's header (header|data|sealed). */
    public static final int FLAGS_COMMIT_HEADER = FLAG_HEADER | FLAG_DATA | FLAG_SEALED;
    /** Flags of a committed or sealed file's trailer (data|sealed). */
    public static final int FLAGS_TRAILER = FLAG_DATA | FLAG_SEALED;
    /** Flags of a RW data file header. */
    public static final int FLAGS_RW_DATA = FLAG_HEADER | FLAG_DATA;
    /** Flags of a RW index file header. */
    public static final int FLAGS_RW_INDEX = FLAG_HEADER;

    public static final int VERSION = 1;
    public static final int SUB_VERSION = 1;

    /** Largest record count of a read-only index, padding included (MAX_LSMT_RO_INDEX_SIZE). */
    public static final long MAX_RO_INDEX_SIZE = 1_000_000L;
    /** Largest RW index log or merged index (MAX_LSMT_INDEX_SIZE). */
    public static final long MAX_INDEX_SIZE = 128_000_000L;
    /** Largest number of stacked layers (MAX_STACK_LAYERS). */
    public static final int MAX_STACK_LAYERS = 255;
    /** Default largest single I/O before it is split (MAX_IO_SIZE). */
    public static final int MAX_IO_SIZE = 4 << 20;
    /** I/O alignment: offsets and lengths are whole 512-byte sectors. */
    public static final int ALIGNMENT = 512;

    private LsmtHeaderFormat() {
    }

    /** magic1 as stored on disk (a copy). */
    public static byte[] magic1() {
        return MAGIC1.clone();
    }

    static boolean magic1Matches(byte[] b, int base) {
        for (int i = 0; i < MAGIC1.length; i++) {
            if (b[base + MAGIC1_OFFSET + i] != MAGIC1[i]) {
                return false;
            }
        }
        return true;
    }
}
