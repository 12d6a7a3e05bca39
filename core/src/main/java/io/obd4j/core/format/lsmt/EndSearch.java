package io.obd4j.core.format.lsmt;

/**
 * "First position whose end is greater than x" over the sorted record ends of an {@link LsmtIndex}, through a
 * bucket table over the sector space (a one-level radix index): {@code bucket[k]} is the answer for
 * {@code x = k << shift}, so the answer for any x lies in {@code [bucket[x >>> shift], bucket[(x >>> shift) + 1]]}.
 * The shift is chosen so that there are at most about {@code size / 4} buckets (1 byte per record); a bucket then
 * holds about 4 records when records are spread evenly and is scanned linearly, and a crowded bucket falls back to a
 * binary search inside its range.
 *
 * <p>A lookup is thus one load from the bucket table plus one or two cache lines of ends, a short dependency chain
 * (measured 4× faster than a branch-free B+tree walk at 100k records, see docs/benchmarks.md, LSMT section).
 */
final class EndSearch {
    private static final int LINEAR_LIMIT = 16;

    private final long[] ends;
    private final int size;
    private final int shift;
    private final int[] buckets;

    EndSearch(long[] ends, int size) {
        this.ends = ends;
        this.size = size;
        if (size == 0) {
            shift = 0;
            buckets = new int[0];
            return;
        }
        long maxEnd = ends[size - 1];
        long maxBuckets = Math.max(2, size / 4);
        int s = 0;
        while ((maxEnd >>> s) + 2 > maxBuckets) {
            s++;
        }
        shift = s;
        int count = (int) (maxEnd >>> s) + 2;
        buckets = new int[count];
        int i = 0;
        for (int k = 0; k < count; k++) {
            long lim = (long) k << s;
            while (i < size && ends[i] <= lim) {
                i++;
            }
            buckets[k] = i;
        }
    }

    /** Bytes of the bucket table. */
    long tableBytes() {
        return (long) buckets.length * Integer.BYTES;
    }

    /** The first position {@code i < size} with {@code ends[i] > x}, or {@code size}. */
    int firstGreater(long x) {
        if (size == 0 || x >= ends[size - 1]) {
            return size;
        }
        if (x < 0) {
            return 0;
        }
        int k = (int) (x >>> shift);
        int lo = buckets[k];
        int hi = buckets[k + 1];
        if (hi - lo > LINEAR_LIMIT) {
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ends[mid] <= x) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
        while (lo < hi && ends[lo] <= x) {
            lo++;
        }
        return lo;
    }
}
