package io.obd4j.core.format.lsmt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.format.FormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** overlaybd's {@code Index.lookup} vectors (spec §11) plus a randomized comparison with a linear scan. */
class LsmtIndexTest {

    static SegmentMapping m(long offset, int length, long moffset) {
        return new SegmentMapping(offset, length, moffset, false, 0);
    }

    static List<SegmentMapping> lookup(SegmentIndex idx, long offset, long length) throws IOException {
        List<SegmentMapping> out = new ArrayList<>();
        int n = idx.lookup(offset, length, (o, l, mo, z, t) -> out.add(new SegmentMapping(o, l, mo, z, t)));
        assertThat(n).isEqualTo(out.size());
        return out;
    }

    private static final List<SegmentMapping> VECTOR = List.of(m(0, 10, 0), m(10, 10, 50), m(100, 10, 20));

    static void checkLookupVector(SegmentIndex idx) throws IOException {
        assertThat(lookup(idx, 5, 10)).containsExactly(m(5, 5, 5), m(10, 5, 50));
        assertThat(lookup(idx, 16, 10)).containsExactly(m(16, 4, 56));
        assertThat(lookup(idx, 26, 10)).isEmpty();
        assertThat(lookup(idx, 6, 100)).containsExactly(m(6, 4, 6), m(10, 10, 50), m(100, 6, 20));
    }

    @Test
    void indexLookupVector() throws IOException {
        checkLookupVector(LsmtIndex.of(VECTOR));
    }

    @Test
    void indexLookupVectorOnMergedIndexes() throws Exception {
        LsmtIndex idx = LsmtIndex.of(VECTOR);
        checkLookupVector(IndexMerger.merge(List.of(idx)));
        checkLookupVector(IndexMerger.merge(List.of(idx, LsmtIndex.empty())));
        LsmtIndex under = IndexMerger.merge(List.of(LsmtIndex.empty(), idx));
        assertThat(lookup(under, 6, 100)).containsExactly(new SegmentMapping(6, 4, 6, false, 1),
                new SegmentMapping(10, 10, 50, false, 1), new SegmentMapping(100, 6, 20, false, 1));
    }

    @Test
    void zeroedRecordsKeepTheirMoffsetWhenTrimmedAtTheFront() throws IOException {
        LsmtIndex idx = LsmtIndex.of(List.of(new SegmentMapping(10, 20, 99, true, 0)));
        assertThat(lookup(idx, 15, 3)).containsExactly(new SegmentMapping(15, 3, 99, true, 0));
    }

    @Test
    void rejectsUnsortedOrOverlappingRecords() {
        assertThatThrownBy(() -> LsmtIndex.of(List.of(m(0, 10, 8), m(9, 1, 20))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(LsmtIndex.of(List.of(m(0, 10, 8), m(10, 0, 20), m(10, 1, 20))).size()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 15, 16, 17, 255, 256, 257, 4097, 70001})
    void lookupAgreesWithALinearScan(int n) throws IOException {
        SplittableRandom rnd = new SplittableRandom(n * 31L + 7);
        List<SegmentMapping> recs = new ArrayList<>();
        long pos = rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int len = rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(40);
            recs.add(new SegmentMapping(pos, len, 8 + rnd.nextInt(1 << 20), rnd.nextInt(5) == 0, 0));
            pos += len + rnd.nextInt(3) * rnd.nextInt(20);
        }
        LsmtIndex idx = LsmtIndex.of(recs);
        assertThat(idx.toList()).isEqualTo(recs);
        for (int q = 0; q < 2000; q++) {
            long off = rnd.nextLong(pos + 50);
            long len = 1 + rnd.nextInt(200);
            assertThat(lookup(idx, off, len)).isEqualTo(linear(recs, off, len));
            int first = idx.firstEndingAfter(off);
            int expect = 0;
            while (expect < n && recs.get(expect).end() <= off) {
                expect++;
            }
            assertThat(first).isEqualTo(expect);
        }
    }

    /** Dense records near 0 and one near the end of the sector space: crowded buckets use the binary search. */
    @ParameterizedTest
    @ValueSource(ints = {1, 17, 300, 5000})
    void lookupOnSkewedIndexes(int n) throws IOException {
        SplittableRandom rnd = new SplittableRandom(n);
        List<SegmentMapping> recs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            recs.add(m(i * 10L + rnd.nextInt(3), 1 + rnd.nextInt(7), 8));
        }
        recs.add(m(SegmentMapping.MAX_OFFSET - 100, 16383, 8));
        LsmtIndex idx = LsmtIndex.of(recs);
        for (int q = 0; q < 3000; q++) {
            long off = q % 3 == 0 ? rnd.nextLong(SegmentMapping.MAX_OFFSET + 20000) : rnd.nextLong(n * 10L + 20);
            long len = 1 + rnd.nextInt(100);
            assertThat(lookup(idx, off, len)).isEqualTo(linear(recs, off, len));
        }
        assertThat(lookup(idx, SegmentMapping.MAX_OFFSET, 1)).containsExactly(m(SegmentMapping.MAX_OFFSET, 1,
                8 + 100));
    }

    static List<SegmentMapping> linear(List<SegmentMapping> recs, long off, long len) {
        List<SegmentMapping> out = new ArrayList<>();
        long end = off + len;
        for (SegmentMapping r : recs) {
            if (r.end() > off && r.offset() < end) {
                long s = Math.max(r.offset(), off);
                long e = Math.min(r.end(), end);
                long mo = r.moffset() + (r.zeroed() ? 0 : s - r.offset());
                out.add(new SegmentMapping(s, (int) (e - s), mo, r.zeroed(), r.tag()));
            }
        }
        return out;
    }

    /** 1M records: the arrays retain at most 20 bytes per record (payload bytes, array headers ignored). */
    @Test
    void oneMillionSegmentsRetainAtMostTwentyBytesEach() {
        int n = 1_000_000;
        LsmtIndex.Builder b = LsmtIndex.builder(n);
        for (int i = 0; i < n; i++) {
            b.add(i * 20L, 16, 8 + i * 16L, false, 0);
        }
        LsmtIndex idx = b.build();
        assertThat(idx.size()).isEqualTo(n);
        assertThat(idx.retainedBytes()).isLessThanOrEqualTo(20L * n).isGreaterThan(18L * n);
        assertThat(idx.firstEndingAfter(20L * 777_777 + 3)).isEqualTo(777_777);
        assertThat(idx.blockCount()).isEqualTo(16L * n);
    }

    @Test
    void mergeVectorsOfOverlaybdIndexMerge() throws Exception {
        LsmtIndex rw = LsmtIndex.of(List.of(m(5, 5, 0), m(10, 10, 50), m(100, 10, 20)));
        LsmtIndex ro1 = LsmtIndex.of(List.of(m(0, 1, 7), m(2, 4, 5), m(15, 10, 22), m(30, 15, 89), m(87, 50, 32),
                m(150, 10, 84)));
        LsmtIndex ro2 = LsmtIndex.of(List.of(m(1, 3, 134), m(8, 4, 873), m(18, 72, 320), m(100, 100, 4893),
                m(1000, 1000, 39823)));
        LsmtIndex ro3 = LsmtIndex.of(List.of(m(23, 10, 0), m(65, 10, 50), m(89, 10, 20), m(230, 43, 432),
                m(1999, 31, 2393)));
        assertThat(comboAsMerge(List.of(rw, ro1))).containsExactly(t(0, 1, 7, 0), t(2, 3, 5, 0), t(5, 5, 0, 1),
                t(10, 10, 50, 1), t(20, 5, 22 + 5, 0), t(30, 15, 89, 0), t(87, 13, 32, 0), t(100, 10, 20, 1),
                t(110, 27, 55, 0), t(150, 10, 84, 0));
        assertThat(comboAsMerge(List.of(rw, ro1, ro2))).containsExactly(t(0, 1, 7, 0), t(1, 1, 134, 1),
                t(2, 3, 5, 0), t(5, 5, 0, 2), t(10, 10, 50, 2), t(20, 5, 22 + 5, 0), t(25, 5, 320 + 7, 1),
                t(30, 15, 89, 0), t(45, 42, 320 + 27, 1), t(87, 13, 32, 0), t(100, 10, 20, 2), t(110, 27, 55, 0),
                t(137, 13, 4893 + 37, 1), t(150, 10, 84, 0), t(160, 40, 4893 + 60, 1), t(1000, 1000, 39823, 1));
        assertThat(comboAsMerge(List.of(rw, ro1, ro2, ro3))).containsExactly(t(0, 1, 7, 0), t(1, 1, 134, 1),
                t(2, 3, 5, 0), t(5, 5, 0, 3), t(10, 10, 50, 3), t(20, 5, 22 + 5, 0), t(25, 5, 320 + 7, 1),
                t(30, 15, 89, 0), t(45, 42, 320 + 27, 1), t(87, 13, 32, 0), t(100, 10, 20, 3), t(110, 27, 55, 0),
                t(137, 13, 4893 + 37, 1), t(150, 10, 84, 0), t(160, 40, 4893 + 60, 1), t(230, 43, 432, 2),
                t(1000, 1000, 39823, 1), t(2000, 30, 2393 + 1, 2));
    }

    /**
     * overlaybd's vector is a ComboIndex: the RW index (tag = number of lowers) over the merge of the lowers (tags
     * 0..). The same records come out of one merge with the RW index on top; only the tag numbering differs, so it
     * is mapped here: level 0 (RW) becomes n-1, level k becomes k-1.
     */
    private static List<SegmentMapping> comboAsMerge(List<LsmtIndex> rwFirst) throws FormatException {
        int n = rwFirst.size();
        List<SegmentMapping> out = new ArrayList<>();
        for (SegmentMapping r : IndexMerger.merge(rwFirst).toList()) {
            int tag = r.tag() == 0 ? n - 1 : r.tag() - 1;
            out.add(new SegmentMapping(r.offset(), r.length(), r.moffset(), r.zeroed(), tag));
        }
        return out;
    }

    private static SegmentMapping t(long offset, int length, long moffset, int tag) {
        return new SegmentMapping(offset, length, moffset, false, tag);
    }

    @Test
    void mergeIsRefusedBeyondTheRecordCap() throws Exception {
        LsmtIndex a = LsmtIndex.of(List.of(m(0, 1, 0), m(2, 1, 2)));
        LsmtIndex b = LsmtIndex.of(List.of(m(1, 1, 1), m(3, 1, 3)));
        assertThatThrownBy(() -> IndexMerger.merge(List.of(a, b), 3)).isInstanceOf(FormatException.class)
                .hasMessageContaining("Merged LSMT index size 4 exceeds maximum 3");
        assertThat(IndexMerger.merge(List.of(a, b), 4).size()).isEqualTo(4);
    }

    @Test
    void mergeRefusesMoreThan255Layers() throws Exception {
        List<LsmtIndex> many = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            many.add(LsmtIndex.of(List.of(m(i, 1, 8))));
        }
        assertThatThrownBy(() -> IndexMerger.merge(many)).isInstanceOf(FormatException.class)
                .hasMessageContaining("255 at most");
        LsmtIndex merged = IndexMerger.merge(many.subList(0, 255));
        assertThat(merged.size()).isEqualTo(255);
        assertThat(merged.tag(254)).isEqualTo(254);
    }
}
