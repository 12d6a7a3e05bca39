package io.obd4j.core.convert;

import io.obd4j.core.ext4.Extent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The union of byte ranges a layer must carry, sorted, with overlapping or touching ranges merged and every range
 * widened to whole 512-byte sectors (the LSMT unit). {@link Extent} itself refuses negative and empty ranges.
 */
final class ChangedRanges {
    static final int SECTOR = 512;

    private ChangedRanges() {
    }

    /** {@code ranges} normalised. */
    static List<Extent> union(List<Extent> ranges) {
        List<Extent> sorted = new ArrayList<>(ranges.size());
        for (Extent e : ranges) {
            long start = e.offset() / SECTOR * SECTOR;
            long end = (e.offset() + e.length() + SECTOR - 1) / SECTOR * SECTOR;
            sorted.add(new Extent(start, end - start));
        }
        sorted.sort(Comparator.comparingLong(Extent::offset));
        List<Extent> out = new ArrayList<>(sorted.size());
        long start = -1;
        long end = -1;
        for (Extent e : sorted) {
            if (start >= 0 && e.offset() <= end) {
                end = Math.max(end, e.offset() + e.length());
                continue;
            }
            if (start >= 0) {
                out.add(new Extent(start, end - start));
            }
            start = e.offset();
            end = e.offset() + e.length();
        }
        if (start >= 0) {
            out.add(new Extent(start, end - start));
        }
        return out;
    }

    /** Total bytes of {@code ranges}. */
    static long bytes(List<Extent> ranges) {
        long n = 0;
        for (Extent e : ranges) {
            n += e.length();
        }
        return n;
    }
}
