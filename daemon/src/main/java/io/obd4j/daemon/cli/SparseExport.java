package io.obd4j.daemon.cli;

import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.format.lsmt.SegmentIndex;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Writes an image into a raw file that stays sparse: only the index's data records are read, and only the 4 KiB
 * blocks of them holding a non-zero byte are written; unmapped and zeroed ranges become holes. The file's size is
 * the image's virtual size.
 */
final class SparseExport {
    private static final int CHUNK = 1 << 20;
    private static final int BLOCK = 4096;

    private SparseExport() {
    }

    /** Exports {@code image} (its merged {@code index}) to the new, empty {@code file}. */
    static void export(BlockDevice image, SegmentIndex index, RandomAccessFile file, Progress progress)
            throws IOException {
        long vsize = image.size();
        long[] ranges = dataRanges(index, vsize);
        FileChannel out = file.getChannel();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        for (int i = 0; i < ranges.length; i += 2) {
            long end = ranges[i] + ranges[i + 1];
            for (long pos = ranges[i]; pos < end; ) {
                int n = (int) Math.min(CHUNK, end - pos);
                buf.clear().limit(n);
                image.read(buf, pos);
                writeNonZero(buf.array(), n, pos, out);
                progress.advance(n);
                pos += n;
            }
        }
        file.setLength(vsize);
        out.force(true);
    }

    /** Byte ranges (offset, length pairs) of the data records, adjacent ones joined, clipped to {@code vsize}. */
    static long[] dataRanges(SegmentIndex index, long vsize) throws IOException {
        long[][] r = {new long[64]};
        int[] n = {0};
        index.forEach((offset, length, moffset, zeroed, tag) -> {
            long from = offset * 512;
            long to = Math.min(vsize, (offset + length) * 512);
            if (zeroed || from >= to) {
                return;
            }
            if (n[0] > 0 && r[0][n[0] - 2] + r[0][n[0] - 1] == from) {
                r[0][n[0] - 1] += to - from;
                return;
            }
            if (n[0] + 2 > r[0].length) {
                r[0] = Arrays.copyOf(r[0], r[0].length * 2);
            }
            r[0][n[0]++] = from;
            r[0][n[0]++] = to - from;
        });
        return Arrays.copyOf(r[0], n[0]);
    }

    /** Writes the non-zero 4 KiB-aligned pieces of {@code b[0..n)}, which belongs at image offset {@code pos}. */
    private static void writeNonZero(byte[] b, int n, long pos, FileChannel out) throws IOException {
        int runStart = -1;
        int i = 0;
        while (i < n) {
            int next = (int) Math.min(n, i + BLOCK - ((pos + i) % BLOCK));
            boolean zero = allZero(b, i, next);
            if (!zero && runStart < 0) {
                runStart = i;
            } else if (zero && runStart >= 0) {
                writeFully(out, ByteBuffer.wrap(b, runStart, i - runStart), pos + runStart);
                runStart = -1;
            }
            i = next;
        }
        if (runStart >= 0) {
            writeFully(out, ByteBuffer.wrap(b, runStart, n - runStart), pos + runStart);
        }
    }

    static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void writeFully(FileChannel out, ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            pos += out.write(b, pos);
        }
    }
}
