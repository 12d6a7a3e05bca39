package io.obd4j.core.format.lsmt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One 16-byte LSMT index record (overlaybd {@code index.h}, spec §1.3), GCC bit-fields LSB first, little-endian:
 *
 * <pre>
 * bits of the 128-bit record   field    width  unit
 *   0..49   (word0 bits 0..49)  offset   50     logical 512-byte sector
 *  50..63   (word0 bits 50..63) length   14     sectors, 0..16383
 *  64..118  (word1 bits 0..54)  moffset  55     sector inside the layer's own file
 * 119       (word1 bit 55)      zeroed   1      1 = reads as zeros, hides lower layers
 * 120..127  (word1 bits 56..63) tag      8      runtime: which file holds the data (0 = top)
 * </pre>
 *
 * Hot paths keep records as the two packed words ({@link #word0}, {@link #word1}) in {@code long[]}s and use the
 * static accessors; this record form is for building, tests and error messages.
 */
public record SegmentMapping(long offset, int length, long moffset, boolean zeroed, int tag) {
    public static final int BYTES = 16;
    /** Largest (and invalid/padding) offset, 2^50-1. */
    public static final long MAX_OFFSET = (1L << 50) - 1;
    public static final long INVALID_OFFSET = MAX_OFFSET;
    public static final int MAX_LENGTH = 16383;
    public static final long MAX_MOFFSET = (1L << 55) - 1;
    /** The padding record: offset 2^50-1, everything else 0; bytes FF FF FF FF FF FF 03 00 then 8 zeros. */
    public static final SegmentMapping INVALID = new SegmentMapping(INVALID_OFFSET, 0, 0, false, 0);

    private static final long ZEROED_BIT = 1L << 55;

    public SegmentMapping {
        if (offset < 0 || offset > MAX_OFFSET || length < 0 || length > MAX_LENGTH || moffset < 0
                || moffset > MAX_MOFFSET || tag < 0 || tag > 255) {
            throw new IllegalArgumentException("segment fields out of range: offset=" + offset + " length=" + length
                    + " moffset=" + moffset + " tag=" + tag);
        }
    }

    /** First sector after the mapped range. */
    public long end() {
        return offset + length;
    }

    /** {@code zeroed ? moffset : moffset + length} (C++ {@code mend()}). */
    public long mend() {
        return zeroed ? moffset : moffset + length;
    }

    public long word0() {
        return word0(offset, length);
    }

    public long word1() {
        return word1(moffset, zeroed, tag);
    }

    public static SegmentMapping of(long word0, long word1) {
        return new SegmentMapping(offset(word0), length(word0), moffset(word1), zeroed(word1), tag(word1));
    }

    /** Reads one record at {@code buf}'s position (little-endian), advancing it by 16. */
    public static SegmentMapping read(ByteBuffer buf) {
        ByteBuffer b = buf.order() == ByteOrder.LITTLE_ENDIAN ? buf : buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int p = buf.position();
        SegmentMapping m = of(b.getLong(p), b.getLong(p + 8));
        buf.position(p + BYTES);
        return m;
    }

    /** Writes this record at {@code buf}'s position (little-endian), advancing it by 16. */
    public void write(ByteBuffer buf) {
        int p = buf.position();
        ByteBuffer b = buf.order() == ByteOrder.LITTLE_ENDIAN ? buf : buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(p, word0());
        b.putLong(p + 8, word1());
        buf.position(p + BYTES);
    }

    public static long word0(long offset, int length) {
        return offset | ((long) length << 50);
    }

    public static long word1(long moffset, boolean zeroed, int tag) {
        return moffset | (zeroed ? ZEROED_BIT : 0) | ((long) tag << 56);
    }

    public static long offset(long word0) {
        return word0 & MAX_OFFSET;
    }

    public static int length(long word0) {
        return (int) (word0 >>> 50);
    }

    public static long end(long word0) {
        return offset(word0) + length(word0);
    }

    public static long moffset(long word1) {
        return word1 & MAX_MOFFSET;
    }

    public static boolean zeroed(long word1) {
        return (word1 & ZEROED_BIT) != 0;
    }

    public static int tag(long word1) {
        return (int) (word1 >>> 56) & 0xFF;
    }

    /** {@code word1} with the tag replaced. */
    public static long withTag(long word1, int tag) {
        return (word1 & ~(0xFFL << 56)) | ((long) tag << 56);
    }
}
