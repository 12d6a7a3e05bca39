package io.obd4j.core.format.zfile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Per-thread buffers and codecs of {@link ZFileReader}, shared by every reader a thread uses, so that a read
 * allocates nothing: the compressed run (up to 64 KiB, or one larger block), one decompressed block for partial
 * copies, and a codec per algorithm.
 *
 * <p>The decompressed block doubles as a one-entry memo: after a partial copy it still holds a checked, decompressed
 * block, named by the reader's id, the block number and the reader's eviction generation. A later partial read of the
 * same block (sequential 4 KiB reads inside a 64 KiB block, or the block shared by two LSMT records) copies from it
 * instead of reading, checking and decompressing the block again. Ids, not references, so that a thread never keeps
 * a closed reader reachable.
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
    /** Id of the reader whose block {@link #block} holds; 0 = none. */
    long memoReader;
    int memoBlock;
    int memoGeneration;

    static ReadScratch get() {
        return CURRENT.get();
    }

    boolean holds(long reader, int blockIndex, int generation) {
        return memoReader == reader && memoBlock == blockIndex && memoGeneration == generation;
    }

    void remember(long reader, int blockIndex, int generation) {
        memoReader = reader;
        memoBlock = blockIndex;
        memoGeneration = generation;
    }

    void forget() {
        memoReader = 0;
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
