package io.obd4j.bench;

import io.obd4j.core.format.lsmt.LayerUuid;
import io.obd4j.core.format.lsmt.LsmtHeader;
import io.obd4j.core.format.lsmt.LsmtHeaderFormat;
import io.obd4j.core.format.lsmt.SegmentMapping;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes committed LSMT layers for benchmarks, laid out as {@code compact()} lays them out: random writes of 4 KiB to
 * 1 MiB over the virtual size until a share of it is covered, resolved to the last write per 4 KiB block, stored as
 * records of at most 16320 sectors, index padded to 256 records, trailer. Files are reused when already there
 * (same name = same seed and parameters).
 */
final class LsmtStackFiles {
    private static final int BLOCK = 4096;
    private static final int MAX_RECORD_BLOCKS = 16320 / 8;

    private LsmtStackFiles() {
    }

    /** Layer files bottom first: {@code layers} layers of {@code vsize} bytes, each covering about {@code share}. */
    static List<Path> create(Path dir, int layers, long vsize, double share, long seed) throws IOException {
        return create(dir, layers, vsize, share, seed, false);
    }

    /**
     * As {@link #create(Path, int, long, double, long)}; with {@code compressible} the data is the C++ driver's
     * {@code mixed:1} pattern ({@link MixedPattern}) instead of random bytes.
     */
    static List<Path> create(Path dir, int layers, long vsize, double share, long seed, boolean compressible)
            throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            Path p = dir.resolve("layer-" + seed + "-" + l + "-" + vsize + "-" + share + (compressible ? "-mixed1" : "")
                    + ".lsmt");
            if (!Files.exists(p)) {
                Path tmp = dir.resolve(p.getFileName() + ".tmp");
                write(tmp, vsize, share, new SplittableRandom(seed * 1000 + l), compressible);
                Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            out.add(p);
        }
        return out;
    }

    private static void write(Path path, long vsize, double share, SplittableRandom rnd, boolean compressible)
            throws IOException {
        int blocks = (int) (vsize / BLOCK);
        boolean[] covered = new boolean[blocks];
        long target = (long) (blocks * share);
        long count = 0;
        while (count < target) {
            int len = rnd.nextInt(1, 257);
            int at = rnd.nextInt(blocks - len + 1);
            for (int b = at; b < at + len; b++) {
                if (!covered[b]) {
                    covered[b] = true;
                    count++;
                }
            }
        }
        byte[] pattern = new byte[1 << 20];
        rnd.nextBytes(pattern);
        List<SegmentMapping> index = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            LsmtHeader h = LsmtHeader.of(LsmtHeaderFormat.FLAGS_COMMIT_HEADER, 0, 0, vsize, LayerUuid.random(),
                    LayerUuid.NULL, new byte[0]);
            ch.write(ByteBuffer.wrap(h.encode()));
            long moffset = LsmtHeaderFormat.SPACE / 512;
            for (int b = 0; b < blocks; ) {
                if (!covered[b]) {
                    b++;
                    continue;
                }
                int run = 0;
                while (b + run < blocks && covered[b + run] && run < MAX_RECORD_BLOCKS) {
                    run++;
                }
                index.add(new SegmentMapping(b * 8L, run * 8, moffset, false, 0));
                if (compressible) {
                    writeMixed(ch, (long) b * BLOCK, run * BLOCK);
                }
                for (int done = compressible ? run * BLOCK : 0; done < run * BLOCK; ) {
                    int n = Math.min(pattern.length, run * BLOCK - done);
                    ch.write(ByteBuffer.wrap(pattern, rnd.nextInt(0, 64) * 512, Math.min(n, pattern.length
                            - 64 * 512)));
                    done += Math.min(n, pattern.length - 64 * 512);
                }
                moffset += run * 8L;
                b += run;
            }
            long indexOffset = moffset * 512;
            int padded = (index.size() + 255) / 256 * 256;
            ByteBuffer ib = ByteBuffer.allocate(padded * 16).order(ByteOrder.LITTLE_ENDIAN);
            for (SegmentMapping m : index) {
                m.write(ib);
            }
            while (ib.hasRemaining()) {
                SegmentMapping.INVALID.write(ib);
            }
            ch.write(ib.flip(), indexOffset);
            ch.write(ByteBuffer.wrap(h.withFlags(LsmtHeaderFormat.FLAGS_TRAILER).withIndex(indexOffset, padded)
                    .encode()), indexOffset + padded * 16L);
        }
    }

    private static void writeMixed(FileChannel ch, long virtualOffset, int bytes) throws IOException {
        byte[] chunk = new byte[1 << 20];
        MixedPattern pattern = new MixedPattern(1);
        for (int done = 0; done < bytes; done += chunk.length) {
            pattern.fill(chunk, 0, chunk.length, virtualOffset + done);
            ch.write(ByteBuffer.wrap(chunk, 0, Math.min(chunk.length, bytes - done)));
        }
    }
}
