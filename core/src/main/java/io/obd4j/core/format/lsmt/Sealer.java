package io.obd4j.core.format.lsmt;

import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.ALIGNMENT;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * {@code close_seal()} (spec §1.7): turns a writable layer's data file into a read-only layer in place. The sorted
 * index is written at the data EOF, rounded up to 512 bytes (C++ leaves the rounding uninitialised; we write invalid
 * records), followed by a trailer whose {@code index_size} is the real record count and whose vsize, uuid and
 * parent come from the data file's header. The header and any old index file are left alone.
 */
final class Sealer {
    private Sealer() {
    }

    /**
     * Seals {@code data}, whose writes end at {@code dataEnd}.
     *
     * @return the trailer written
     */
    static LsmtHeader seal(String name, FileChannel data, Index0 index, long dataEnd, boolean sparse)
            throws IOException {
        long[] words = index.dump();
        int n = words.length / 2;
        long bytes = (long) n * SegmentMapping.BYTES;
        long rounded = (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        ByteBuffer b = ByteBuffer.allocate((int) rounded).order(ByteOrder.LITTLE_ENDIAN);
        for (long w : words) {
            b.putLong(w);
        }
        while (b.hasRemaining()) {
            b.putLong(SegmentMapping.INVALID.word0()).putLong(SegmentMapping.INVALID.word1());
        }
        b.flip();
        RwIndexFile.writeFully(data, b, dataEnd);
        LsmtHeader header = RwIndexFile.readHeader(name, data);
        int flags = LsmtHeaderFormat.FLAGS_TRAILER | (sparse ? LsmtHeaderFormat.FLAG_SPARSE_RW : 0);
        LsmtHeader trailer = LsmtHeader.of(flags, dataEnd, n, header.virtualSize(),
                LayerUuid.parseOrNull(header.uuid()), LayerUuid.parseOrNull(header.parentUuid()), new byte[0]);
        RwIndexFile.writeFully(data, ByteBuffer.wrap(trailer.encode()), dataEnd + rounded);
        data.force(false);
        return trailer;
    }
}
