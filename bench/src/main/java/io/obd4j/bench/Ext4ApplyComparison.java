package io.obd4j.bench;

import io.obd4j.core.ext4.Ext4Image;
import io.obd4j.core.ext4.Ext4Options;
import io.obd4j.core.ext4.Extent;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Applying an OCI layer tar to an empty 64 GiB ext4 with {@link Ext4Image} (the converter's path), against
 * {@code mke2fs -d} over the same extracted tree as a reference. Not JMH: one operation is seconds of I/O in child
 * processes; {@code scripts/bench-ext4.sh} runs it under the shell's {@code time}, which counts children's CPU.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.obd4j.bench.Ext4ApplyComparison generate <dir> [MiB=200]}
 * writes {@code <dir>/tree} (mixed files, symlinks, hard links; seeded) for {@code tar} to pack;
 * {@code ... apply <layer.tar> <raw>} makes the image, applies the tar and prints MB/s of tar input.
 */
public final class Ext4ApplyComparison {
    private Ext4ApplyComparison() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 2 && args[0].equals("generate")) {
            long mib = args.length > 2 ? Long.parseLong(args[2]) : 200;
            generate(Path.of(args[1]).resolve("tree"), mib << 20);
        } else if (args.length == 3 && args[0].equals("apply")) {
            apply(Path.of(args[1]), Path.of(args[2]));
        } else {
            System.err.println("usage: generate <dir> [MiB] | apply <layer.tar> <raw>");
            System.exit(2);
        }
    }

    /** 95 % of the files 0.5–32 KiB, 4.5 % 32 KiB–1 MiB, 0.5 % 4–16 MiB (by bytes about 20/25/55 %). */
    static void generate(Path tree, long target) throws IOException {
        SplittableRandom r = new SplittableRandom(2026);
        byte[] chunk = new byte[1 << 20];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) r.nextInt(256);
        }
        long written = 0;
        int files = 0;
        while (written < target) {
            Path d = tree.resolve("usr/share/d" + (files / 100) % 40 + "/s" + files % 7);
            Files.createDirectories(d);
            int kind = r.nextInt(1000);
            long size = kind < 950 ? 512 + r.nextInt(32 << 10) : kind < 995 ? (32 << 10) + r.nextInt(1 << 20)
                : (4 << 20) + r.nextInt(12 << 20);
            Path f = d.resolve("f" + files);
            try (var out = Files.newOutputStream(f)) {
                for (long left = size; left > 0; ) {
                    int n = (int) Math.min(left, chunk.length - 1);
                    int off = r.nextInt(chunk.length - n);
                    out.write(chunk, off, n);
                    left -= n;
                }
            }
            if (files % 20 == 0) {
                Files.createSymbolicLink(d.resolve("l" + files), f.getFileName());
            }
            if (files % 50 == 0) {
                Files.createLink(d.resolve("h" + files), f);
            }
            written += size;
            files++;
        }
        System.out.printf(Locale.ROOT, "generated %d files, %.1f MiB in %s%n", files, written / 1048576.0, tree);
    }

    static void apply(Path tar, Path raw) throws IOException {
        long tarBytes = Files.size(tar);
        long t0 = System.nanoTime();
        try (Ext4Image img = Ext4Image.create(raw, 64L << 30, Ext4Options.defaults());
             InputStream in = new BufferedInputStream(Files.newInputStream(tar), 1 << 16)) {
            long t1 = System.nanoTime();
            List<Extent> changed = img.apply(in, tar.getFileName().toString(), n -> { });
            long t2 = System.nanoTime();
            long bytes = changed.stream().mapToLong(Extent::length).sum();
            System.out.printf(Locale.ROOT, "mkfs %.2f s, apply %.2f s: %.1f MB/s of tar (%.1f MB), %d extents,"
                    + " %.1f MB changed%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, tarBytes / ((t2 - t1) / 1e3),
                tarBytes / 1e6, changed.size(), bytes / 1e6);
        }
    }
}
