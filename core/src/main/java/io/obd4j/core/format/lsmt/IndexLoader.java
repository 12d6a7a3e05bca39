package io.obd4j.core.format.lsmt;

import static io.obd4j.core.format.lsmt.LsmtReader.refuse;

import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Steps 3–5 of the read-only open (spec §1.4): reads the {@code index_size} records at {@code index_offset}, drops
 * padding records (offset 2^50-1), sets {@code tag := 0}, and checks order ({@code a.end() <= b.offset}) and bounds
 * (data: {@code begin <= moffset < end && begin < mend <= end}; zeroed: {@code begin <= moffset <= end}).
 */
final class IndexLoader {

    private IndexLoader() {
    }

    static LsmtIndex load(BlockSource source, String name, LsmtHeader trailer, long fileSize, long moffsetBegin,
                          long moffsetEnd) throws IOException {
        long count = trailer.indexSize();
        long indexOffset = trailer.indexOffset();
        long indexBytes = count * SegmentMapping.BYTES;
        if (indexBytes == 0) {
            return LsmtIndex.empty();
        }
        if (indexOffset < 0 || indexOffset > fileSize - indexBytes) {
            throw refuse(name, "trailer.index_offset", fileSize - LsmtHeaderFormat.SPACE
                    + LsmtHeaderFormat.INDEX_OFFSET_OFFSET, "index_offset + " + indexBytes + " <= file size "
                    + fileSize, Long.toUnsignedString(indexOffset), "failed to read index.");
        }
        byte[] raw = new byte[(int) indexBytes];
        ByteBuffer dst = ByteBuffer.wrap(raw);
        while (dst.hasRemaining()) {
            if (source.read(dst, indexOffset + dst.position()) <= 0) {
                throw refuse(name, "index", indexOffset, indexBytes + " bytes", dst.position() + " bytes",
                        "failed to read index.");
            }
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        LsmtIndex.Builder out = LsmtIndex.builder((int) count);
        long prevEnd = -1;
        for (int i = 0; i < count; i++) {
            long w0 = b.getLong(i * SegmentMapping.BYTES);
            long offset = SegmentMapping.offset(w0);
            if (offset == SegmentMapping.INVALID_OFFSET) {
                continue;
            }
            long w1 = SegmentMapping.withTag(b.getLong(i * SegmentMapping.BYTES + 8), 0);
            long at = indexOffset + (long) i * SegmentMapping.BYTES;
            if (prevEnd > offset) {
                throw refuse(name, "index[" + i + "].offset", at, ">= end of the previous record " + prevEnd,
                        offset, "incorrect segment mappings: disordered");
            }
            checkBounds(name, i, at, w0, w1, moffsetBegin, moffsetEnd);
            out.addPacked(w0, w1);
            prevEnd = SegmentMapping.end(w0);
        }
        return out.build();
    }

    private static void checkBounds(String name, int i, long at, long w0, long w1, long begin, long end)
            throws IOException {
        long moffset = SegmentMapping.moffset(w1);
        boolean ok;
        String rule;
        long mend;
        if (SegmentMapping.zeroed(w1)) {
            mend = moffset;
            ok = begin <= moffset && moffset <= end;
            rule = "zeroed: " + begin + " <= moffset <= " + end;
        } else {
            mend = moffset + SegmentMapping.length(w0);
            ok = begin <= moffset && moffset < end && begin < mend && mend <= end;
            rule = "data: " + begin + " <= moffset < " + end + " and " + begin + " < moffset+length <= " + end;
        }
        if (!ok) {
            throw refuse(name, "index[" + i + "].moffset", at + 8, rule, "[" + moffset + ", " + mend + ")",
                    "incorrect segment mappings [ " + moffset + " " + mend + "] !within [ " + begin + " " + end
                            + " ]: mapped offset out of range");
        }
    }
}
