package io.obd4j.core.format.zfile;

/**
 * How {@link ZFileWriter} compresses: algorithm, block size (4..64 KiB, a power of two, as the C++ tools allow),
 * per-block CRC ({@code verify}), and whether to rewrite the header with the index fields at the end
 * ({@code overwrite_header}, what {@code overlaybd-commit -z} does; needs a seekable target).
 *
 * <p>{@link #DEFAULT} is {@code overlaybd-zfile}'s: LZ4, 4 KiB, CRC on, header not overwritten.
 */
public record ZFileOptions(CompressionAlgorithm algorithm, int blockSize, boolean verify, boolean overwriteHeader) {
    public static final int MIN_BLOCK_SIZE = 4096;
    public static final int MAX_BLOCK_SIZE = 65536;

    /** {@code overlaybd-zfile} defaults. */
    public static final ZFileOptions DEFAULT = new ZFileOptions(CompressionAlgorithm.LZ4, 4096, true, false);

    public ZFileOptions {
        if (algorithm == null) {
            throw new IllegalArgumentException("ZFile algorithm must be lz4 or zstd");
        }
        if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("ZFile block size must be a power of two in 4..64 KiB, not "
                    + blockSize);
        }
    }

    /** {@code overlaybd-commit -z}: CRC on, header overwritten. */
    public static ZFileOptions forCommit(CompressionAlgorithm algorithm, int blockSize) {
        return new ZFileOptions(algorithm, blockSize, true, true);
    }

    public ZFileOptions withAlgorithm(CompressionAlgorithm a) {
        return new ZFileOptions(a, blockSize, verify, overwriteHeader);
    }

    public ZFileOptions withBlockSize(int bs) {
        return new ZFileOptions(algorithm, bs, verify, overwriteHeader);
    }

    public ZFileOptions withVerify(boolean v) {
        return new ZFileOptions(algorithm, blockSize, v, overwriteHeader);
    }

    public ZFileOptions withOverwriteHeader(boolean o) {
        return new ZFileOptions(algorithm, blockSize, verify, o);
    }
}
