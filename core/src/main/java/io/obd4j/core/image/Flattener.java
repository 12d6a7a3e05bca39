package io.obd4j.core.image;

import io.obd4j.core.format.lsmt.CommitArgs;
import io.obd4j.core.format.lsmt.Committer;
import io.obd4j.core.format.lsmt.LsmtHeader;
import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.format.lsmt.SegmentMapping;
import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code flatten} / {@code overlaybd-merge} (spec §1.11): {@link Committer#compact} over an image's merged index.
 * The source files are the image's file list (lowers top first, then the writable layer's data file), so records
 * keep their source-layer tag on disk. As in C++, the virtual size comes from the header of file 0 and the parent
 * uuid from the header of the last file; the uuid is null unless {@code args} names one.
 */
final class Flattener {
    private Flattener() {
    }

    static long flatten(Image.State s, CommitArgs args, WritableByteChannel out) throws IOException {
        List<BlockSource> files = new ArrayList<>();
        List<LsmtHeader> headers = new ArrayList<>();
        if (s.lowers() != null) {
            for (LsmtLayer l : s.lowers().layersTopFirst()) {
                files.add(l.source());
                headers.add(l.header());
            }
        }
        if (s.upper() != null) {
            files.add(s.upper().dataSource());
            headers.add(s.upper().header());
        }
        long[][] words = {new long[1024]};
        int[] n = {0};
        s.index().forEach((o, l, m, z, t) -> {
            if (2 * n[0] + 2 > words[0].length) {
                long[] bigger = new long[words[0].length * 2];
                System.arraycopy(words[0], 0, bigger, 0, words[0].length);
                words[0] = bigger;
            }
            words[0][2 * n[0]] = SegmentMapping.word0(o, l);
            words[0][2 * n[0] + 1] = SegmentMapping.word1(m, z, t);
            n[0]++;
        });
        return Committer.compact(words[0], n[0], files, headers.get(0), headers.get(headers.size() - 1), args, out);
    }
}
