package io.obd4j.core.format.lsmt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable, sorted, non-overlapping index (C++ {@code Index}): a read-only layer's index or a merged stack index.
 * Sectors throughout.
 *
 * <p>Storage is columnar, 18 bytes per record plus at most about 1 for the search table: {@code ends}
 * (offset + length), {@code word1s} (the packed moffset/zeroed/tag word of {@link SegmentMapping}) and
 * {@code lengths} (14 bits in a char). Lookups find the first record through {@link EndSearch} (a bucket table over
 * the sector space, then a short scan) and allocate nothing.
 *
 * <p>Records may have length 0 (C++ accepts them on load and keeps them in merges); they are visited like any other.
 */
public final class LsmtIndex implements SegmentIndex {
    private static final LsmtIndex EMPTY = new LsmtIndex(new long[0], new char[0], new long[0], 0);

    private final long[] ends;
    private final char[] lengths;
    private final long[] word1s;
    private final int size;
    private final long blockCount;
    private final EndSearch search;

    private LsmtIndex(long[] ends, char[] lengths, long[] word1s, int size) {
        this.ends = ends;
        this.lengths = lengths;
        this.word1s = word1s;
        this.size = size;
        long blocks = 0;
        for (int i = 0; i < size; i++) {
            if (!SegmentMapping.zeroed(word1s[i])) {
                blocks += lengths[i];
            }
        }
        this.blockCount = blocks;
        this.search = new EndSearch(ends, size);
    }

    /** The index with no records. */
    public static LsmtIndex empty() {
        return EMPTY;
    }

    /**
     * An index of the given records, which must be sorted and non-overlapping ({@code a.end() <= b.offset});
     * otherwise {@link IllegalArgumentException}.
     */
    public static LsmtIndex of(List<SegmentMapping> mappings) {
        Builder b = builder(mappings.size());
        for (SegmentMapping m : mappings) {
            b.add(m);
        }
        return b.build();
    }

    /** Same as {@link #of(List)} from packed words ({@link SegmentMapping#word0}, {@link SegmentMapping#word1}). */
    public static LsmtIndex ofPacked(long[] word0s, long[] word1s, int count) {
        Builder b = builder(count);
        for (int i = 0; i < count; i++) {
            b.addPacked(word0s[i], word1s[i]);
        }
        return b.build();
    }

    /** A builder for records added in ascending order. */
    public static Builder builder(int expectedSize) {
        return new Builder(expectedSize);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long blockCount() {
        return blockCount;
    }

    /** Position of the first record whose end is after {@code sector} (C++ {@code lower_bound}); size() if none. */
    public int firstEndingAfter(long sector) {
        return search.firstGreater(sector);
    }

    public long offset(int i) {
        return ends[check(i)] - lengths[i];
    }

    public int length(int i) {
        return lengths[check(i)];
    }

    public long end(int i) {
        return ends[check(i)];
    }

    public long moffset(int i) {
        return SegmentMapping.moffset(word1s[check(i)]);
    }

    public boolean zeroed(int i) {
        return SegmentMapping.zeroed(word1s[check(i)]);
    }

    public int tag(int i) {
        return SegmentMapping.tag(word1s[check(i)]);
    }

    /** Packed offset/length word of record {@code i}. */
    public long word0(int i) {
        return SegmentMapping.word0(offset(i), lengths[i]);
    }

    /** Packed moffset/zeroed/tag word of record {@code i}. */
    public long word1(int i) {
        return word1s[check(i)];
    }

    public SegmentMapping get(int i) {
        return SegmentMapping.of(word0(i), word1(i));
    }

    /** All records, untrimmed. */
    public List<SegmentMapping> toList() {
        List<SegmentMapping> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(get(i));
        }
        return out;
    }

    /** Bytes retained on the heap by the arrays of this index (array payloads, headers excluded). */
    public long retainedBytes() {
        return (long) ends.length * Long.BYTES + (long) word1s.length * Long.BYTES
                + (long) lengths.length * Character.BYTES + search.tableBytes();
    }

    @Override
    public int lookup(long offset, long length, MappingVisitor visitor) throws IOException {
        if (length <= 0 || size == 0) {
            return 0;
        }
        long end = offset + length;
        int visited = 0;
        for (int i = search.firstGreater(offset); i < size; i++) {
            long e = ends[i];
            long s = e - lengths[i];
            if (s >= end) {
                break;
            }
            long w1 = word1s[i];
            long moff = SegmentMapping.moffset(w1);
            boolean zeroed = SegmentMapping.zeroed(w1);
            if (s < offset) {
                if (!zeroed) {
                    moff += offset - s;
                }
                s = offset;
            }
            boolean last = e >= end;
            if (last) {
                e = end;
            }
            visitor.visit(s, (int) (e - s), moff, zeroed, SegmentMapping.tag(w1));
            visited++;
            if (last) {
                // the next record starts at or after this end: no need to touch its cache lines
                break;
            }
        }
        return visited;
    }

    @Override
    public void forEach(MappingVisitor visitor) throws IOException {
        for (int i = 0; i < size; i++) {
            long w1 = word1s[i];
            visitor.visit(ends[i] - lengths[i], lengths[i], SegmentMapping.moffset(w1), SegmentMapping.zeroed(w1),
                    SegmentMapping.tag(w1));
        }
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("record " + i + " of " + size);
        }
        return i;
    }

    @Override
    public String toString() {
        return "LsmtIndex{size=" + size + ", blockCount=" + blockCount + "}";
    }

    /** Collects records in ascending order; checks {@code previous.end() <= next.offset} on every add. */
    public static final class Builder {
        private long[] ends;
        private char[] lengths;
        private long[] word1s;
        private int size;

        private Builder(int expected) {
            int cap = Math.max(16, expected);
            ends = new long[cap];
            lengths = new char[cap];
            word1s = new long[cap];
        }

        public Builder add(SegmentMapping m) {
            return add(m.offset(), m.length(), m.moffset(), m.zeroed(), m.tag());
        }

        public Builder addPacked(long word0, long word1) {
            long offset = SegmentMapping.offset(word0);
            int length = SegmentMapping.length(word0);
            return append(offset, length, word1);
        }

        /** Appends one record; fields must be in range (see {@link SegmentMapping}). */
        public Builder add(long offset, int length, long moffset, boolean zeroed, int tag) {
            if (offset < 0 || offset > SegmentMapping.MAX_OFFSET || length < 0 || length > SegmentMapping.MAX_LENGTH
                    || moffset < 0 || moffset > SegmentMapping.MAX_MOFFSET || tag < 0 || tag > 255) {
                throw new IllegalArgumentException("segment fields out of range: offset=" + offset + " length="
                        + length + " moffset=" + moffset + " tag=" + tag);
            }
            return append(offset, length, SegmentMapping.word1(moffset, zeroed, tag));
        }

        private Builder append(long offset, int length, long word1) {
            if (size > 0 && ends[size - 1] > offset) {
                throw new IllegalArgumentException("records not sorted/non-overlapping at " + size + ": previous end "
                        + ends[size - 1] + " > offset " + offset);
            }
            if (size == ends.length) {
                int cap = (int) Math.min(Integer.MAX_VALUE - 64L, ends.length * 2L);
                ends = Arrays.copyOf(ends, cap);
                lengths = Arrays.copyOf(lengths, cap);
                word1s = Arrays.copyOf(word1s, cap);
            }
            ends[size] = offset + length;
            lengths[size] = (char) length;
            word1s[size] = word1;
            size++;
            return this;
        }

        public int size() {
            return size;
        }

        public LsmtIndex build() {
            if (size == 0) {
                return EMPTY;
            }
            return new LsmtIndex(Arrays.copyOf(ends, size), Arrays.copyOf(lengths, size), Arrays.copyOf(word1s, size),
                    size);
        }
    }
}
