package io.obd4j.core.ext4;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Sorting, 4 KiB rounding and merging of byte ranges. */
final class Extents {
    static final long ALIGN = 4096;

    private Extents() {
    }

    /** Rounds every range out to {@link #ALIGN}, sorts them and merges overlapping or touching ones. */
    static List<Extent> alignAndMerge(List<Extent> ranges) {
        List<Extent> sorted = new ArrayList<>(ranges.size());
        for (Extent e : ranges) {
            long start = e.offset() / ALIGN * ALIGN;
            long end = (e.end() + ALIGN - 1) / ALIGN * ALIGN;
            sorted.add(new Extent(start, end - start));
        }
        sorted.sort(Comparator.comparingLong(Extent::offset));
        List<Extent> merged = new ArrayList<>();
        long start = -1;
        long end = -1;
        for (Extent e : sorted) {
            if (start >= 0 && e.offset() <= end) {
                end = Math.max(end, e.end());
                continue;
            }
            if (start >= 0) {
                merged.add(new Extent(start, end - start));
            }
            start = e.offset();
            end = e.end();
        }
        if (start >= 0) {
            merged.add(new Extent(start, end - start));
        }
        return List.copyOf(merged);
    }
}
