package io.obd4j.core.format.lsmt;

/**
 * {@code compress_raw_index} (spec §1.8 step 5): coalesces neighbouring records of a sorted index in place. Record j
 * joins record i iff they are contiguous in both address spaces ({@code i.end == j.offset}, {@code i.mend ==
 * j.moffset}), agree on {@code zeroed} and {@code tag}, and {@code i.length + j.length < 16383} (strictly).
 */
public final class IndexCompressor {
    private IndexCompressor() {
    }

    /**
     * Compresses the first {@code n} records of {@code words} (interleaved word0/word1 pairs) in place.
     *
     * @return the new record count
     */
    public static int compress(long[] words, int n) {
        if (n < 2) {
            return n;
        }
        int i = 0;
        for (int j = 1; j < n; j++) {
            long iw0 = words[2 * i];
            long iw1 = words[2 * i + 1];
            long jw0 = words[2 * j];
            long jw1 = words[2 * j + 1];
            int ilen = SegmentMapping.length(iw0);
            int jlen = SegmentMapping.length(jw0);
            boolean izero = SegmentMapping.zeroed(iw1);
            long imend = izero ? SegmentMapping.moffset(iw1) : SegmentMapping.moffset(iw1) + ilen;
            if (SegmentMapping.end(iw0) == SegmentMapping.offset(jw0) && imend == SegmentMapping.moffset(jw1)
                    && izero == SegmentMapping.zeroed(jw1) && SegmentMapping.tag(iw1) == SegmentMapping.tag(jw1)
                    && ilen + jlen < SegmentMapping.MAX_LENGTH) {
                words[2 * i] = SegmentMapping.word0(SegmentMapping.offset(iw0), ilen + jlen);
            } else {
                i++;
                words[2 * i] = jw0;
                words[2 * i + 1] = jw1;
            }
        }
        return i + 1;
    }
}
