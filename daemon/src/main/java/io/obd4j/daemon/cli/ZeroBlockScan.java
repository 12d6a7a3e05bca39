package io.obd4j.daemon.cli;

import io.obd4j.core.format.lsmt.SegmentMapping;
import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Finds the non-zero 4 KiB blocks of a raw disk image (a trailing part block is checked by itself) and returns them
 * as sorted index records that map each run onto the same bytes of the raw file ({@code moffset = offset}), ready
 * for {@code Committer.compact} with the raw file as the only source. All-zero blocks get no record, so they stay
 * unmapped in the committed layer.
 */
public final class ZeroBlockScan {
    private static final int CHUNK = 1 << 20;
    private static final int BLOCK = 4096;
    private static final int SECTOR = 512;
    /** Longest record, in sectors: the largest multiple of 8 that fits the 14-bit length. */
    private static final int MAX_RUN = SegmentMapping.MAX_LENGTH / 8 * 8;

    private long[] words = new long[256];
    private int count;

    private ZeroBlockScan() {
    }

    /** {@link #scan(BlockSource, Progress)} without a progress line (the daemon's imports). */
    public static ZeroBlockScan scan(BlockSource raw) throws IOException {
        return scan(raw, Progress.off());
    }

    /** Scans {@code raw} (its size a multiple of 512); returns word0/word1 pairs, {@link #count} records. */
    static ZeroBlockScan scan(BlockSource raw, Progress progress) throws IOException {
        long size = raw.size();
        if (size % SECTOR != 0) {
            throw new IOException(raw.name() + ": size " + size + " is not a multiple of 512 bytes");
        }
        ZeroBlockScan s = new ZeroBlockScan();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long runStart = -1;
        for (long pos = 0; pos < size; ) {
            int n = (int) Math.min(CHUNK, size - pos);
            buf.clear().limit(n);
            raw.readFully(buf, pos);
            for (int i = 0; i < n; i += BLOCK) {
                int len = Math.min(BLOCK, n - i);
                boolean zero = SparseExport.allZero(buf.array(), i, i + len);
                if (!zero && runStart < 0) {
                    runStart = pos + i;
                } else if (zero && runStart >= 0) {
                    s.addRun(runStart, pos + i);
                    runStart = -1;
                }
            }
            pos += n;
            progress.advance(n);
        }
        if (runStart >= 0) {
            s.addRun(runStart, size);
        }
        return s;
    }

    private void addRun(long from, long to) {
        for (long sector = from / SECTOR; sector < to / SECTOR; ) {
            int len = (int) Math.min(MAX_RUN, to / SECTOR - sector);
            if (2 * count + 2 > words.length) {
                words = Arrays.copyOf(words, words.length * 2);
            }
            words[2 * count] = SegmentMapping.word0(sector, len);
            words[2 * count + 1] = SegmentMapping.word1(sector, false, 0);
            count++;
            sector += len;
        }
    }

    public long[] words() {
        return words;
    }

    public int count() {
        return count;
    }

    /** Bytes covered by the records. */
    public long mappedBytes() {
        long sectors = 0;
        for (int i = 0; i < count; i++) {
            sectors += SegmentMapping.length(words[2 * i]);
        }
        return sectors * SECTOR;
    }
}
