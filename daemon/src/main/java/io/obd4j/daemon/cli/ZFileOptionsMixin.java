package io.obd4j.daemon.cli;

import io.obd4j.core.format.zfile.CompressionAlgorithm;
import io.obd4j.core.format.zfile.ZFileOptions;
import picocli.CommandLine.Option;

/** {@code --algorithm lz4|zstd} and {@code --bs KB}, as the C++ tools spell them. */
final class ZFileOptionsMixin {
    @Option(names = "--algorithm", paramLabel = "lz4|zstd", defaultValue = "lz4",
            description = "ZFile compression algorithm (default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = {"--bs", "--block-size"}, paramLabel = "KB", defaultValue = "4",
            description = "ZFile block size in KiB: 4, 8, 16, 32 or 64 (default: ${DEFAULT-VALUE}).")
    int blockKib;

    /** The options with CRCs on; {@code overwriteHeader} as the calling tool does it. */
    ZFileOptions options(boolean overwriteHeader) {
        if (blockKib < 4 || blockKib > 64 || Integer.bitCount(blockKib) != 1) {
            throw new IllegalArgumentException("--bs must be 4, 8, 16, 32 or 64 (KiB), not " + blockKib);
        }
        return new ZFileOptions(CompressionAlgorithm.parse(algorithm), blockKib * 1024, true, overwriteHeader);
    }
}
