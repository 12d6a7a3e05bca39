package io.obd4j.core.format.lsmt;

import io.obd4j.core.format.FormatException;
import java.util.List;

/**
 * Merges the indexes of stacked layers into one (C++ {@code merge_memory_indexes} / {@code merge_indexes}, spec
 * §1.9): for every sector the top-most layer with any record (data or zeroed) wins; each output record carries
 * {@code tag} = the level of its layer counted from the top (0 = top). Records are trimmed to the gap they fill and
 * never coalesced, so the result equals overlaybd's record for record.
 */
public final class IndexMerger {
    /** What error messages call the merged index. */
    private static final String NAME = "merged index";

    private final List<LsmtIndex> topFirst;
    private final long maxRecords;
    private final LsmtIndex.Builder out;

    private IndexMerger(List<LsmtIndex> topFirst, long maxRecords) {
        this.topFirst = topFirst;
        this.maxRecords = maxRecords;
        int guess = topFirst.isEmpty() ? 0 : Math.max(topFirst.get(0).size(), 16);
        this.out = LsmtIndex.builder(guess);
    }

    /**
     * Merges {@code topFirst} (index 0 = top layer) with overlaybd's limit of
     * {@link LsmtHeaderFormat#MAX_INDEX_SIZE} output records and {@link LsmtHeaderFormat#MAX_STACK_LAYERS} layers.
     */
    public static LsmtIndex merge(List<LsmtIndex> topFirst) throws FormatException {
        return merge(topFirst, LsmtHeaderFormat.MAX_INDEX_SIZE);
    }

    /** As {@link #merge(List)} with an explicit cap on the output record count (C++ {@code max_index_size}). */
    public static LsmtIndex merge(List<LsmtIndex> topFirst, long maxRecords) throws FormatException {
        if (topFirst.size() > LsmtHeaderFormat.MAX_STACK_LAYERS) {
            throw new FormatException(NAME, "layer count", 0, "<= " + LsmtHeaderFormat.MAX_STACK_LAYERS,
                    topFirst.size() + "; overlaybd: too many indexes to merge, 255 at most!");
        }
        if (topFirst.isEmpty()) {
            return LsmtIndex.empty();
        }
        IndexMerger m = new IndexMerger(topFirst, maxRecords);
        m.fill(0, 0, Long.MAX_VALUE);
        return m.out.build();
    }

    /**
     * Fills sectors {@code [begin, end)} from level {@code level} down. Records are emitted already trimmed to the
     * range, which is what the C++ code's trimming of the first and last emitted record amounts to: only the first
     * record of a level can start before {@code begin} and only the last can end after {@code end}.
     */
    private void fill(int level, long begin, long end) throws FormatException {
        if (level >= topFirst.size() || begin >= end) {
            return;
        }
        LsmtIndex idx = topFirst.get(level);
        int n = idx.size();
        for (int i = idx.firstEndingAfter(begin); i < n; i++) {
            long s = idx.offset(i);
            if (s >= end) {
                break;
            }
            if (s > begin) {
                fill(level + 1, begin, s);
            }
            if (out.size() >= maxRecords) {
                throw new FormatException(NAME, "record count", 0, "<= " + maxRecords, (out.size() + 1)
                        + "; overlaybd: Merged LSMT index size " + (out.size() + 1) + " exceeds maximum "
                        + maxRecords);
            }
            emit(idx, i, Math.max(s, begin), Math.min(idx.end(i), end), level);
            begin = idx.end(i);
        }
        if (begin < end) {
            fill(level + 1, begin, end);
        }
    }

    private void emit(LsmtIndex idx, int i, long from, long to, int tag) {
        long s = idx.offset(i);
        boolean zeroed = idx.zeroed(i);
        long moffset = idx.moffset(i) + (zeroed ? 0 : from - s);
        // A zero-length record sits at its own offset and is kept, as in C++.
        long length = Math.max(0, to - from);
        out.add(from, (int) length, moffset, zeroed, tag);
    }
}
