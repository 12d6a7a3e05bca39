package io.obd4j.core.format.zfile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Per-thread buffers and codecs of {@link ZFileReader}, shared by every reader a thread uses, so that a read
 * allocates nothing: the compressed run (up to 64 KiB, or one larger block), one decompressed block for partial
 * copies, and a codec per algorithm.
 */
final class ReadScratch {
    /** overlaybd's {@code MAX_READ_SIZE}: consecutive blocks are fetched in one read up to this many bytes. */
    static final int MAX_READ_SIZE = 65536;
    /**
     * Largest stored block accepted: a C++ writer compresses into {@code block_size + 512} bytes and appends a 4-byte
     * CRC. (overlaybd's reader itself fails on any stored block over 64 KiB.)
     */
    static final int MAX_STORED_BLOCK = MAX_READ_SIZE + 512 + 4;

    private static final ThreadLocal<ReadScratch> CURRENT = ThreadLocal.withInitial(ReadScratch::new);

    final ByteBuffer compressed = ByteBuffer.allocateDirect(MAX_STORED_BLOCK).order(ByteOrder.LITTLE_ENDIAN);
    final ByteBuffer block = ByteBuffer.allocateDirect(MAX_READ_SIZE);
    private final BlockCodec[] codecs = new BlockCodec[CompressionAlgorithm.values().length];

    static ReadScratch get() {
        return CURRENT.get();
    }

    BlockCodec codec(CompressionAlgorithm algorithm) {
        BlockCodec c = codecs[algorithm.ordinal()];
        if (c == null) {
            c = BlockCodec.create(algorithm);
            codecs[algorithm.ordinal()] = c;
        }
        return c;
    }
}
