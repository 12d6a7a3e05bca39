package io.obd4j.core.format.zfile;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What a ZFile reader needs before the first block: the header/trailer in use and the jump table, loaded and
 * checked exactly as overlaybd's {@code zfile_open_ro}/{@code load_jump_table} do (spec §2.6 steps 1–4).
 *
 * <p>Besides overlaybd's checks, files that would crash or mis-read in C++ are refused here with a clear message:
 * an unsupported {@code algo} (C++ dereferences a null compressor on the first read), a {@code block_size} that is
 * not a power of two up to 64 KiB (C++ divides by zero or indexes wrongly), a block count that does not match
 * {@code original_file_size}, a jump table that lies outside the file (it bounds the memory used), and blocks that
 * run into the jump table.
 */
public final class ZFileMetadata {
    private final ZFileHeader header;
    private final ZFileHeader inUse;
    private final CompressionAlgorithm algorithm;
    private final JumpTable table;

    private ZFileMetadata(ZFileHeader header, ZFileHeader inUse, CompressionAlgorithm algorithm, JumpTable table) {
        this.header = header;
        this.inUse = inUse;
        this.algorithm = algorithm;
        this.table = table;
    }

    /** Reads and validates header, trailer (unless the header was overwritten) and jump table of {@code source}. */
    public static ZFileMetadata load(BlockSource source) throws IOException {
        String file = source.name();
        long fileSize = source.size();
        ByteBuffer area = ByteBuffer.allocate(ZFileHeaderFormat.SPACE);
        ZFileHeader header = ZFileDetector.readValidHeader(source, area);
        ZFileHeader inUse;
        if (!header.isHeaderOverwrite()) {
            if (!header.isDataFile()) {
                throw new FormatException(file, "header flags", ZFileHeaderFormat.FLAGS_OFFSET,
                        "bit 1 (data file) set", "0x" + Long.toHexString(header.flags()));
            }
            inUse = readTrailer(source, fileSize, area);
        } else {
            inUse = header;
            checkIndexSize(file, inUse, 0);
        }
        CompressionAlgorithm algo = checkOptions(file, inUse, header.isHeaderOverwrite() ? 0 : fileSize - 512);
        long tableBytes = 4 * inUse.indexSize();
        if (inUse.indexOffset() < 0 || tableBytes > fileSize || inUse.indexOffset() > fileSize - tableBytes) {
            throw new FormatException(file, "index_offset", inUse.indexOffset(),
                    "a jump table of " + inUse.indexSize() + " entries inside the file of " + fileSize + " bytes",
                    Long.toUnsignedString(inUse.indexOffset()));
        }
        JumpTable table = JumpTable.load(source, inUse, inUse.isDigestEnabled());
        long blocksEnd = table.offset(table.blockCount());
        if (blocksEnd > inUse.indexOffset()) {
            // Every writer puts the table right after the last block. Catches a header whose garbage flags claim
            // "overwritten" (bit 3) without a digest to check: its index fields are the initial zeros.
            throw new FormatException(file, "index_offset", inUse.indexOffset(),
                    ">= the end of the blocks (" + blocksEnd + ")", inUse.indexOffset());
        }
        return new ZFileMetadata(header, inUse, algo, table);
    }

    private static ZFileHeader readTrailer(BlockSource source, long fileSize, ByteBuffer area) throws IOException {
        String file = source.name();
        long trailerOffset = fileSize - ZFileHeaderFormat.SPACE;
        ZFileHeader t = null;
        if (trailerOffset >= 0) {
            area.clear();
            source.readFully(area, trailerOffset);
            area.flip();
            if (ZFileHeaderFormat.hasMagic(area)) {
                t = ZFileHeaderFormat.decode(area);
            }
        }
        if (t == null || t.isHeader() || !t.isDataFile() || !t.isSealed()) {
            throw new FormatException(file, "trailer", Math.max(trailerOffset, 0),
                    "trailer magic, trailer type, data file and sealed flags (bit0=0, bit1=1, bit2=1)",
                    t == null ? "no ZFile trailer magic" : "flags 0x" + Long.toHexString(t.flags()));
        }
        checkIndexSize(file, t, trailerOffset);
        long indexBytes = 4 * t.indexSize();
        if (Long.compareUnsigned(t.indexOffset(), trailerOffset) > 0 || indexBytes > trailerOffset - t.indexOffset()) {
            throw new FormatException(file, "trailer index_offset/index_size", trailerOffset,
                    "index bytes <= " + trailerOffset + " - index_offset",
                    "index_offset " + Long.toUnsignedString(t.indexOffset()) + ", " + t.indexSize() + " entries");
        }
        return t;
    }

    private static void checkIndexSize(String file, ZFileHeader h, long at) throws FormatException {
        if (Long.compareUnsigned(h.indexSize(), ZFileHeaderFormat.MAX_INDEX_SIZE) > 0) {
            throw new FormatException(file, "index_size", at + ZFileHeaderFormat.INDEX_SIZE_OFFSET,
                    "<= " + ZFileHeaderFormat.MAX_INDEX_SIZE, Long.toUnsignedString(h.indexSize()));
        }
    }

    private static CompressionAlgorithm checkOptions(String file, ZFileHeader h, long at) throws FormatException {
        CompressionAlgorithm algo = h.algorithm();
        if (algo == null) {
            throw new FormatException(file, "opt.algo", at + ZFileHeaderFormat.ALGO_OFFSET, "1 (LZ4) or 2 (ZSTD)",
                    h.algo());
        }
        int bs = h.blockSize();
        if (bs <= 0 || bs > ReadScratch.MAX_READ_SIZE || Integer.bitCount(bs) != 1) {
            throw new FormatException(file, "opt.block_size", at + ZFileHeaderFormat.BLOCK_SIZE_OFFSET,
                    "a power of two <= 65536", Integer.toUnsignedString(bs));
        }
        long size = h.originalFileSize();
        long blocks = size < 0 ? -1 : (size + bs - 1) / bs;
        if (blocks != h.indexSize()) {
            throw new FormatException(file, "index_size", at + ZFileHeaderFormat.INDEX_SIZE_OFFSET,
                    "ceil(original_file_size " + Long.toUnsignedString(size) + " / " + bs + ") = " + blocks,
                    h.indexSize());
        }
        return algo;
    }

    /** The header at offset 0 as found (with the 2021 writer's garbage, if any). */
    public ZFileHeader header() {
        return header;
    }

    /** The header or trailer whose index fields and options are used: the trailer unless bit 3 is set. */
    public ZFileHeader inUse() {
        return inUse;
    }

    public CompressionAlgorithm algorithm() {
        return algorithm;
    }

    public JumpTable table() {
        return table;
    }
}
