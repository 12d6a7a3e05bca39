package io.obd4j.core.format.zfile;

/**
 * The decoded fields of a ZFile header or trailer ({@code CompressionFile::HeaderTrailer}, spec §2.2). Raw values:
 * {@code algo} may be an unsupported code and {@code flags} may carry garbage high bits (the 2021 {@code ext4_64});
 * the reader validates them. {@code indexSize} is the number of blocks.
 */
public record ZFileHeader(long flags, int digest, long indexOffset, long indexSize, long originalFileSize,
                          int indexCrc, int blockSize, int algo, int level, int useDict, int dictSize,
                          int verify) {

    /** Bit 0: 1 = header, 0 = trailer. */
    public boolean isHeader() {
        return (flags & ZFileHeaderFormat.FLAG_HEADER) != 0;
    }

    /** Bit 1: a data file. */
    public boolean isDataFile() {
        return (flags & ZFileHeaderFormat.FLAG_DATA_FILE) != 0;
    }

    /** Bit 2: sealed (set in trailers). */
    public boolean isSealed() {
        return (flags & ZFileHeaderFormat.FLAG_SEALED) != 0;
    }

    /** Bit 3: the header carries the trailer's index fields; the trailer is not needed. */
    public boolean isHeaderOverwrite() {
        return (flags & ZFileHeaderFormat.FLAG_HEADER_OVERWRITE) != 0;
    }

    /** Bit 4: {@code digest} and {@code index_crc} are valid. */
    public boolean isDigestEnabled() {
        return (flags & ZFileHeaderFormat.FLAG_CALC_DIGEST) != 0;
    }

    /** {@code opt.verify != 0}: each stored block ends with a 4-byte CRC32C (seed 100007). */
    public boolean hasBlockCrc() {
        return verify != 0;
    }

    /** The supported algorithm, or null. */
    public CompressionAlgorithm algorithm() {
        return CompressionAlgorithm.ofCode(algo);
    }

    /** A copy with other flags. */
    public ZFileHeader withFlags(long newFlags) {
        return new ZFileHeader(newFlags, digest, indexOffset, indexSize, originalFileSize, indexCrc, blockSize, algo,
                level, useDict, dictSize, verify);
    }

    /** A copy with the index fields a writer fills in at the end. */
    public ZFileHeader withIndex(long newIndexOffset, long newIndexSize, long newOriginalFileSize, int newIndexCrc) {
        return new ZFileHeader(flags, digest, newIndexOffset, newIndexSize, newOriginalFileSize, newIndexCrc,
                blockSize, algo, level, useDict, dictSize, verify);
    }
}
