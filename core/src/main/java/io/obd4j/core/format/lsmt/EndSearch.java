package io.obd4j.core.format.lsmt;

/**
 * "First position whose value is greater than x" over a sorted {@code long[]} of record ends, through an implicit
 * B+tree of fan-out 16 (the idea of overlaybd's linearized B+tree, {@code docs/lsmt_lookup.md}, without AVX-512).
 *
 * <p>Level 0 is the ends array itself, padded with {@link Long#MAX_VALUE} to a multiple of 16. Level L+1 holds the
 * last entry of every 16-entry node of level L, again padded, until a level has one node. A search walks one node
 * per level with four branch-free halvings, so it costs about 4 × levels dependent loads (5 levels at 1M records)
 * and the upper levels (about 1/15 of the ends) stay in cache.
 */
final class EndSearch {
    static final int FANOUT = 16;

    private final long[] ends;
    private final int size;
    /** levels[0] = ends; levels[levels.length - 1] has exactly one node. */
    private final long[][] levels;

    EndSearch(long[] ends, int size) {
        this.ends = ends;
        this.size = size;
        if (size == 0) {
            levels = new long[0][];
            return;
        }
        int count = 1;
        for (int len = ends.length; len > FANOUT; len = paddedLength(len / FANOUT)) {
            count++;
        }
        levels = new long[count][];
        levels[0] = ends;
        for (int l = 1; l < count; l++) {
            long[] below = levels[l - 1];
            int nodes = below.length / FANOUT;
            long[] level = new long[paddedLength(nodes)];
            for (int k = 0; k < nodes; k++) {
                level[k] = below[k * FANOUT + FANOUT - 1];
            }
            for (int k = nodes; k < level.length; k++) {
                level[k] = Long.MAX_VALUE;
            }
            levels[l] = level;
        }
    }

    /** Smallest multiple of 16 that is at least {@code n} and at least 16. */
    static int paddedLength(int n) {
        return Math.max(FANOUT, (int) ((n + (long) FANOUT - 1) / FANOUT * FANOUT));
    }

    /** Bytes of the levels above the ends array. */
    long levelBytes() {
        long bytes = 0;
        for (int l = 1; l < levels.length; l++) {
            bytes += (long) levels[l].length * Long.BYTES;
        }
        return bytes;
    }

    /** The first position {@code i < size} with {@code ends[i] > x}, or {@code size}. */
    int firstGreater(long x) {
        if (size == 0 || x >= ends[size - 1]) {
            return size;
        }
        int node = 0;
        for (int l = levels.length - 1; l >= 0; l--) {
            long[] a = levels[l];
            int b = node * FANOUT;
            b = a[b + 7] <= x ? b + 8 : b;
            b = a[b + 3] <= x ? b + 4 : b;
            b = a[b + 1] <= x ? b + 2 : b;
            b = a[b] <= x ? b + 1 : b;
            node = b;
        }
        return node;
    }
}
