package io.obd4j.core.format.lsmt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes a committed read-only LSMT file the way {@code compact()} lays it out (header 0x07, data from sector 8,
 * index padded with invalid records to a multiple of 256, trailer 0x06), for tests that need layers the fixtures
 * do not have. Records must be added in ascending, non-overlapping order.
 */
public final class LayerFileBuilder {
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final ByteArrayOutputStream index = new ByteArrayOutputStream();
    private long moffset = LsmtHeaderFormat.SPACE / 512;
    private int records;

    /** A data record at {@code offsetSector} holding {@code bytes} (a multiple of 512, at most 16383 sectors). */
    public LayerFileBuilder data(long offsetSector, byte[] bytes) {
        int sectors = bytes.length / 512;
        record(new SegmentMapping(offsetSector, sectors, moffset, false, 0));
        data.writeBytes(bytes);
        moffset += sectors;
        return this;
    }

    /** A zeroed (discard) record. */
    public LayerFileBuilder zeroed(long offsetSector, int sectors) {
        record(new SegmentMapping(offsetSector, sectors, moffset, true, 0));
        return this;
    }

    private void record(SegmentMapping m) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        m.write(b);
        index.writeBytes(b.array());
        records++;
    }

    /** The whole file. */
    public byte[] build(long vsize, LayerUuid uuid, LayerUuid parent, String userTag) {
        int padded = (records + 255) / 256 * 256;
        ByteBuffer pad = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        SegmentMapping.INVALID.write(pad);
        for (int i = records; i < padded; i++) {
            index.writeBytes(pad.array());
        }
        long indexOffset = LsmtHeaderFormat.SPACE + data.size();
        LsmtHeader h = LsmtHeader.of(LsmtHeaderFormat.FLAGS_COMMIT_HEADER, 0, 0, vsize, uuid, parent,
                userTag.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.encode());
        out.writeBytes(data.toByteArray());
        out.writeBytes(index.toByteArray());
        out.writeBytes(h.withFlags(LsmtHeaderFormat.FLAGS_TRAILER).withIndex(indexOffset, padded).encode());
        return out.toByteArray();
    }
}
