package io.obd4j.core.format.zfile;

/** {@code CompressOptions.algo}: the codec of every block of a ZFile. */
public enum CompressionAlgorithm {
    /** Raw LZ4 block format ({@code LZ4_compress_default} / {@code LZ4_decompress_safe}). */
    LZ4(1),
    /** One complete zstd frame per block, level 3. */
    ZSTD(2);

    private final int code;

    CompressionAlgorithm(int code) {
        this.code = code;
    }

    /** The value of the {@code opt.algo} byte. */
    public int code() {
        return code;
    }

    /** The algorithm of an {@code opt.algo} byte, or null (0 = MINI_LZO and anything else are unsupported). */
    public static CompressionAlgorithm ofCode(int code) {
        for (CompressionAlgorithm a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        return null;
    }

    /** Parses {@code lz4} / {@code zstd} as the C++ tools' {@code --algorithm} accepts them. */
    public static CompressionAlgorithm parse(String name) {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "lz4":
                return LZ4;
            case "zstd":
                return ZSTD;
            default:
                throw new IllegalArgumentException("unknown ZFile algorithm '" + name + "' (lz4 or zstd)");
        }
    }
}
