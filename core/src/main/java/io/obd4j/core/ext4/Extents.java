package io.obd4j.core.ext4;

import io.obd4j.nativeio.Posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The data ranges of a (sparse) file by {@code SEEK_DATA}/{@code SEEK_HOLE}, aligned and merged. */
    static List<Extent> dataExtents(Path file) throws IOException {
        long size = Files.size(file);
        List<Extent> out = new ArrayList<>();
        int fd = Posix.open(file, 0, 0);
        try {
            long pos = 0;
            while (pos < size) {
                long data = Posix.seekData(fd, pos);
                if (data < 0 || data >= size) {
                    break;
                }
                long hole = Posix.seekHole(fd, data);
                long end = hole < 0 ? size : Math.min(hole, size);
                out.add(new Extent(data, end - data));
                pos = end;
            }
        } finally {
            Posix.close(fd);
        }
        return alignAndMerge(out);
    }
}
