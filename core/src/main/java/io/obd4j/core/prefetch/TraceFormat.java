package io.obd4j.core.prefetch;

/**
 * overlaybd's trace file ({@code src/prefetch.cpp}: {@code TraceHeader}, {@code TraceFormat}; spec §9.3): x86-64
 * natural alignment, little-endian, written by {@code dump()} and checked by {@code reload()}.
 *
 * <pre>
 * TraceHeader (24 bytes)            TraceFormat record (24 bytes each, after the header)
 * off size field                    off size field
 *   0  4  magic = 0xC2EF1820          0  1  op: 'R' (0x52) or 'W' (0x57, never recorded)
 *   4  4  padding                     1  3  padding
 *   8  8  data_size = 24 * records    4  4  layer_index (u32)
 *  16  4  checksum                    8  8  count (u64, bytes)
 *  20  4  padding                    16  8  offset (i64, bytes in the layer's unwrapped LSMT file)
 * </pre>
 * The checksum is overlaybd's raw CRC32C (reflected Castagnoli, seed 0, no pre/post inversion; {@code
 * crc32c_extend} chained per record) of every record byte as written, padding included; obd4j writes zero padding.
 */
public final class TraceFormat {
    /** CRC32 of "Container Image Trace Format", as overlaybd says. */
    public static final int MAGIC = 0xC2EF1820;
    public static final int HEADER_SIZE = 24;
    public static final int MAGIC_OFFSET = 0;
    public static final int DATA_SIZE_OFFSET = 8;
    public static final int CHECKSUM_OFFSET = 16;

    public static final int RECORD_SIZE = 24;
    public static final int OP_OFFSET = 0;
    public static final int LAYER_OFFSET = 4;
    public static final int COUNT_OFFSET = 8;
    public static final int FILE_OFFSET = 16;

    public static final byte OP_READ = 'R';
    public static final byte OP_WRITE = 'W';

    /** overlaybd's per-worker replay buffer; obd4j splits longer records into pieces of this size. */
    public static final int MAX_IO_SIZE = 1 << 20;

    private TraceFormat() {
    }
}
