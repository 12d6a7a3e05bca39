package io.obd4j.core.format.zfile;

import io.obd4j.core.format.FormatException;

/**
 * A ZFile block's stored CRC32C (seed 100007, over the compressed bytes) did not match, even after evicting the
 * block from the source and re-reading it (overlaybd's {@code ECHECKSUM}).
 */
public final class ZFileChecksumException extends FormatException {
    private static final long serialVersionUID = 1L;

    private final long block;
    private final int expectedCrc;
    private final int foundCrc;

    public ZFileChecksumException(String file, long block, long offset, int expectedCrc, int foundCrc) {
        super(file, "CRC32C of block " + block, offset, JumpTable.hex(expectedCrc), JumpTable.hex(foundCrc));
        this.block = block;
        this.expectedCrc = expectedCrc;
        this.foundCrc = foundCrc;
    }

    /** Block number (0-based). */
    public long block() {
        return block;
    }

    /** The CRC stored after the block. */
    public int expectedCrc() {
        return expectedCrc;
    }

    /** The CRC computed over the compressed bytes read. */
    public int foundCrc() {
        return foundCrc;
    }
}
