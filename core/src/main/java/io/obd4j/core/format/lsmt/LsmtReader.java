package io.obd4j.core.format.lsmt;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Opens a read-only LSMT layer (committed or sealed) exactly as overlaybd's {@code open_file_ro} →
 * {@code do_load_index(trailer=true)} → {@code verify_ht} → {@code create_memory_index} does (spec §1.4). Every
 * refusal is a {@link FormatException} naming the layer, the field, its byte offset, expected and found, and ending
 * with overlaybd's own message ({@code "; overlaybd: ..."}).
 *
 * <p>Sizes are validated before anything is allocated: the index buffer is at most 16,000,000 bytes and never
 * larger than the file.
 */
public final class LsmtReader {
    private static final int SPACE = LsmtHeaderFormat.SPACE;
    private static final long SECTOR = LsmtHeaderFormat.ALIGNMENT;
    /** First data sector (the header occupies sectors 0..7). */
    private static final long DATA_BEGIN = SPACE / SECTOR;

    private LsmtReader() {
    }

    /** Opens {@code source} (already unwrapped from tar/ZFile) as a read-only layer called {@code name}. */
    public static LsmtLayer open(BlockSource source, String name) throws IOException {
        long fileSize = source.size();
        LsmtHeader header = readHeader(source, name, fileSize);
        LsmtHeader trailer = readTrailer(source, name, fileSize);
        long trailerOffset = fileSize - SPACE;
        long indexSize = trailer.indexSize();
        long indexBytes = indexSize * SegmentMapping.BYTES;
        // C++ computes trailer_offset - index_offset in unsigned 64-bit arithmetic: a wrapped difference passes.
        if (Long.compareUnsigned(indexBytes, trailerOffset - trailer.indexOffset()) > 0) {
            throw refuse(name, "trailer.index_size", trailerOffset + LsmtHeaderFormat.INDEX_SIZE_OFFSET,
                    "index_size*16 <= " + Long.toUnsignedString(trailerOffset - trailer.indexOffset())
                            + " (trailer offset " + trailerOffset + " - index_offset "
                            + Long.toUnsignedString(trailer.indexOffset()) + ")", indexSize,
                    "invalid index bytes or size");
        }
        LsmtIndex index = IndexLoader.load(source, name, trailer, fileSize, DATA_BEGIN,
                Long.divideUnsigned(trailer.indexOffset(), SECTOR));
        return new LsmtLayer(name, source, header, trailer, index);
    }

    private static LsmtHeader readHeader(BlockSource source, String name, long fileSize) throws IOException {
        byte[] b = readSpace(source, name, 0, fileSize, "header", "failed to read file header.");
        if (!LsmtHeader.hasMagic(b, 0)) {
            throw refuse(name, "header.magic", 0, "LSMT magic0 + magic1", "other bytes",
                    "header magic/type don't match");
        }
        LsmtHeader h = LsmtHeader.decode(b, 0, name, 0);
        if (!h.isHeader()) {
            throw refuse(name, "header.flags", LsmtHeaderFormat.FLAGS_OFFSET, "bit0 (header) = 1",
                    flags(h.flags()), "header magic/type don't match");
        }
        if (!h.isDataFile()) {
            throw refuse(name, "header.flags", LsmtHeaderFormat.FLAGS_OFFSET, "bit1 (data file) = 1",
                    flags(h.flags()), "uncognized file type");
        }
        return h;
    }

    private static LsmtHeader readTrailer(BlockSource source, String name, long fileSize) throws IOException {
        long at = fileSize - SPACE;
        byte[] b = readSpace(source, name, at, fileSize, "trailer", "failed to read file trailer.");
        String mismatch = "trailer magic, trailer type, file type or sealedness doesn't match";
        if (!LsmtHeader.hasMagic(b, 0)) {
            throw refuse(name, "trailer.magic", at, "LSMT magic0 + magic1", "other bytes", mismatch);
        }
        LsmtHeader t = LsmtHeader.decode(b, 0, name, at);
        int want = LsmtHeaderFormat.FLAG_DATA | LsmtHeaderFormat.FLAG_SEALED;
        if (t.isHeader() || (t.flags() & want) != want) {
            throw refuse(name, "trailer.flags", at + LsmtHeaderFormat.FLAGS_OFFSET,
                    "bit0 (header) = 0, bit1 (data) = 1, bit2 (sealed) = 1", flags(t.flags()), mismatch);
        }
        if (Long.compareUnsigned(t.indexSize(), LsmtHeaderFormat.MAX_RO_INDEX_SIZE) > 0) {
            String n = Long.toUnsignedString(t.indexSize());
            throw refuse(name, "trailer.index_size", at + LsmtHeaderFormat.INDEX_SIZE_OFFSET,
                    "<= " + LsmtHeaderFormat.MAX_RO_INDEX_SIZE, n, "LSMT RO index size " + n
                            + " exceeds maximum " + LsmtHeaderFormat.MAX_RO_INDEX_SIZE);
        }
        return t;
    }

    private static byte[] readSpace(BlockSource source, String name, long at, long fileSize, String what,
                                    String cppText) throws IOException {
        if (at < 0 || fileSize < SPACE) {
            throw refuse(name, what, Math.max(at, 0), SPACE + " bytes (file size >= " + SPACE + ")",
                    "file size " + fileSize, cppText);
        }
        byte[] b = new byte[SPACE];
        ByteBuffer dst = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int n = source.read(dst, at);
        while (n > 0 && dst.hasRemaining()) {
            int more = source.read(dst, at + dst.position());
            if (more <= 0) {
                break;
            }
            n += more;
        }
        if (dst.hasRemaining()) {
            throw refuse(name, what, at, SPACE + " bytes", dst.position() + " bytes", cppText);
        }
        return b;
    }

    static FormatException refuse(String name, String field, long offset, String expected, Object found,
                                  String cppText) {
        return new FormatException(name, field, offset, expected, found + "; overlaybd: " + cppText);
    }

    private static String flags(int f) {
        return String.format("0x%02X", f);
    }
}
