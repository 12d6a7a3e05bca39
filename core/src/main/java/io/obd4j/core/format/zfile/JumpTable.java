package io.obd4j.core.format.zfile;

import io.obd4j.core.format.Crc32c;
import io.obd4j.core.format.FormatException;
import io.obd4j.core.io.BlockSource;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The jump table (spec §2.3): on disk {@code u32 len[index_size]}, the stored length of each block (including
 * its 4-byte CRC when {@code verify=1}); in memory the absolute start offset of every block plus the end of the
 * last one. {@code offset(0) = 512 + dict_size}, {@code offset(i + 1) = offset(i) + len[i]}.
 *
 * <p>{@link #load} rejects exactly what overlaybd's {@code load_jump_table}/{@code JumpTable::build} reject:
 * {@code index_crc} mismatch when the digest flag is set, any {@code len <= (verify ? 4 : 0)}, and a group
 * delta overflow (C++ keeps a u16 running sum per {@code 65536 / block_size} blocks, which must stay below 65535).
 *
 * <p>In memory it is stored like C++'s {@code JumpTable}: one {@code long} base per group of {@code 65536 / block_size}
 * blocks and one {@code char} offset from the group base per block (the check above is what makes it fit), about
 * 2.5 bytes per block for 4 KiB blocks instead of 8. With one block per group the bases alone are kept.
 */
public final class JumpTable {
    /** Table bytes read per underlying read, as {@code load_jump_table} does. */
    static final int CHUNK = 1 << 20;
    private static final int U16_MAX = 0xFFFF;

    /** Start of every group; entry {@code count >> groupShift} also covers the end of the last block. */
    private final long[] bases;
    /** Offset of every block (and of the end, index {@code count}) from its group's base; null for one-block groups. */
    private final char[] deltas;
    private final int groupShift;
    private final int count;

    private JumpTable(long[] bases, char[] deltas, int groupShift, int count) {
        this.bases = bases;
        this.deltas = deltas;
        this.groupShift = groupShift;
        this.count = count;
    }

    /** Packs absolute offsets {@code off[0..count]} into groups of {@code 1 << groupShift} blocks. */
    private static JumpTable pack(long[] off, int count, int groupShift) {
        long[] bases = new long[(count >>> groupShift) + 1];
        char[] deltas = groupShift == 0 ? null : new char[count + 1];
        for (int i = 0; i <= count; i++) {
            if ((i & ((1 << groupShift) - 1)) == 0) {
                bases[i >>> groupShift] = off[i];
            } else {
                deltas[i] = (char) (off[i] - bases[i >>> groupShift]);
            }
        }
        return new JumpTable(bases, deltas, groupShift, count);
    }

    /** Builds a table from already-known stored lengths (writers, tests). */
    public static JumpTable ofLengths(int[] lengths, int count, long base) {
        long[] off = new long[count + 1];
        off[0] = base;
        for (int i = 0; i < count; i++) {
            off[i + 1] = off[i] + Integer.toUnsignedLong(lengths[i]);
        }
        return pack(off, count, 0);
    }

    /**
     * Reads and validates {@code h.indexSize()} entries at {@code h.indexOffset()} of {@code source}. The caller has
     * checked that the table lies inside the source, so the {@code long[]} is bounded by the file size.
     */
    static JumpTable load(BlockSource source, ZFileHeader h, boolean checkCrc) throws IOException {
        String file = source.name();
        int count = Math.toIntExact(h.indexSize());
        long base = ZFileHeaderFormat.SPACE + Integer.toUnsignedLong(h.dictSize());
        // Full offsets while loading (the table lies inside the file, so this is bounded by its size), packed after.
        long[] off = new long[count + 1];
        off[0] = base;
        long minLen = h.hasBlockCrc() ? 4 : 0;
        int groupSize = 65536 / h.blockSize();
        long delta = 0;
        int crc = 0;
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, 4L * count)).order(ByteOrder.LITTLE_ENDIAN);
        for (int first = 0; first < count; ) {
            int n = Math.min(count - first, chunk.capacity() / 4);
            long at = h.indexOffset() + 4L * first;
            chunk.clear().limit(4 * n);
            try {
                source.readFully(chunk, at);
            } catch (EOFException e) {
                throw new FormatException(file, "jump table", at, 4L * count + " bytes of table",
                        "end of file (" + e.getMessage() + ")");
            }
            crc = Crc32c.compute(crc, chunk.array(), 0, 4 * n);
            for (int k = 0; k < n; k++) {
                int i = first + k;
                long len = Integer.toUnsignedLong(chunk.getInt(4 * k));
                if (len <= minLen) {
                    throw new FormatException(file, "jump table entry " + i, at + 4L * k,
                            "a stored block length > " + minLen, len);
                }
                off[i + 1] = off[i] + len;
                if ((i + 1) % groupSize == 0) {
                    delta = 0;
                } else if (delta + len >= U16_MAX) {
                    throw new FormatException(file, "jump table entry " + i, at + 4L * k,
                            "group running length " + delta + " + " + len + " < " + U16_MAX, delta + len);
                } else {
                    delta += len;
                }
            }
            first += n;
        }
        if (checkCrc && crc != h.indexCrc()) {
            throw new FormatException(file, "index_crc", h.indexOffset(), hex(h.indexCrc()), hex(crc));
        }
        return pack(off, count, Integer.numberOfTrailingZeros(groupSize));
    }

    static String hex(int v) {
        return String.format("%08X", v);
    }

    /** Number of blocks. */
    public int blockCount() {
        return count;
    }

    /** Absolute start offset of block {@code i}; {@code offset(blockCount())} is the end of the last block. */
    public long offset(int i) {
        long b = bases[i >>> groupShift];
        return deltas == null ? b : b + deltas[i];
    }

    /** Stored length of block {@code i} (compressed bytes plus CRC when present). */
    public long storedLength(int i) {
        return offset(i + 1) - offset(i);
    }

    /** Bytes of table kept on the heap (array payloads), for memory checks. */
    public long retainedBytes() {
        return 8L * bases.length + (deltas == null ? 0 : 2L * deltas.length);
    }
}
