package io.obd4j.bench;

import io.obd4j.core.format.zfile.CompressionAlgorithm;
import io.obd4j.core.format.zfile.ZFileOptions;
import io.obd4j.core.format.zfile.ZFileWriter;
import io.obd4j.core.image.LayerStack;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The six image sets of the C++ reference table (shared/fixtures/overlaybd/README.md), each a 1 GiB virtual image
 * made of random writes of 4 KiB – 1 MiB, committed: {@code lsmt1} one plain layer covering ~90 %, {@code lsmt3}
 * three plain layers covering ~40 % each, and one layer of the C++ driver's {@code mixed:1} data
 * ({@link MixedPattern}) covering ~90 % compressed into a ZFile with CRC: {@code lz4-4k}, {@code zstd-4k},
 * {@code lz4-64k}, {@code zstd-64k}. Files are written once
 * under {@code dir} and reused. All sets open as a {@link LayerStack} (ZFiles through the normal blob unwrapping).
 */
final class ImageSets {
    static final long VSIZE = 1L << 30;
    static final List<String> NAMES = List.of("lsmt1", "lsmt3", "lz4-4k", "zstd-4k", "lz4-64k", "zstd-64k");

    private ImageSets() {
    }

    /** The directory given by {@code -Dobd4j.bench.dir}, default {@code ${java.io.tmpdir}/obd4j-bench-lsmt}. */
    static Path dir() {
        String d = System.getProperty("obd4j.bench.dir");
        return d != null ? Path.of(d) : Path.of(System.getProperty("java.io.tmpdir"), "obd4j-bench-lsmt");
    }

    static LayerStack open(String set, Path dir) throws IOException {
        List<Path> files = switch (set) {
            case "lsmt1" -> LsmtStackFiles.create(dir, 1, VSIZE, 0.9, 7);
            case "lsmt3" -> LsmtStackFiles.create(dir, 3, VSIZE, 0.4, 7);
            default -> List.of(zfile(dir, set));
        };
        List<BlockSource> raw = new ArrayList<>();
        for (Path p : files) {
            raw.add(LocalFileSource.open(p));
        }
        return LayerStack.openBlobs(raw);
    }

    private static Path zfile(Path dir, String set) throws IOException {
        String[] parts = set.split("-");
        CompressionAlgorithm algo = CompressionAlgorithm.parse(parts[0]);
        int blockSize = Integer.parseInt(parts[1].replace("k", "")) * 1024;
        Path lsmt = LsmtStackFiles.create(dir, 1, VSIZE, 0.9, 11, true).get(0);
        Path z = dir.resolve(lsmt.getFileName() + "." + set + ".zfile");
        if (Files.exists(z)) {
            return z;
        }
        Path part = dir.resolve(z.getFileName() + ".part");
        try (FileChannel in = FileChannel.open(lsmt, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING);
             ZFileWriter w = ZFileWriter.create(out, part.toString(), new ZFileOptions(algo, blockSize, true, false))) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            while (in.read(buf.clear()) > 0) {
                w.write(buf.flip());
            }
        }
        Files.move(part, z, StandardCopyOption.ATOMIC_MOVE);
        return z;
    }
}
