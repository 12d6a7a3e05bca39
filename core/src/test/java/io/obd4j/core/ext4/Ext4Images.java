package io.obd4j.core.ext4;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.SplittableRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real ext4 images for tests, made by e2fsprogs' {@code mke2fs -d} from a tree this class writes (e2fsprogs is in
 * scripts/test.sh's package list): nested directories, a sparse 4 MiB file whose 512 extents need index nodes,
 * relative, absolute and long (block-stored) symlinks, and a directory of 3000 files turned into a hashed tree by
 * {@code e2fsck -fyD}.
 */
public final class Ext4Images {
    public static final String NESTED = "/usr/lib/deep/nested/dir/file.txt";
    public static final String SPARSE = "/data/sparse.bin";
    public static final int SPARSE_PIECES = 512;
    public static final String MANY = "/many";
    public static final int MANY_FILES = 3000;

    private Ext4Images() {
    }

    /** The tree: path → content for regular files; see the class comment. */
    public static Path writeTree(Path root) throws IOException {
        write(root, "/etc/hostname", "obd4j-test\n");
        write(root, "/etc/os-release", "ID=obd4j\nVERSION_ID=1\n".repeat(40));
        write(root, NESTED, "deep content\n".repeat(1000));
        writeRandom(root, "/usr/bin/app", 300_000, 1);
        Files.createDirectories(root.resolve("data"));
        SplittableRandom rnd = new SplittableRandom(2);
        try (RandomAccessFile f = new RandomAccessFile(root.resolve(SPARSE.substring(1)).toFile(), "rw")) {
            for (int i = 0; i < SPARSE_PIECES; i++) {
                byte[] piece = new byte[4096];
                rnd.nextBytes(piece);
                f.seek(i * 8192L);
                f.write(piece);
            }
        }
        Files.createSymbolicLink(root.resolve("usr/lib64"), Path.of("lib"));
        Files.createSymbolicLink(root.resolve("deep"), Path.of("/usr/lib/deep"));
        String longTarget = "/usr/lib/deep/nested/" + "./".repeat(40) + "dir";
        Files.createSymbolicLink(root.resolve("long"), Path.of(longTarget));
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("loop1"));
        Path many = Files.createDirectories(root.resolve(MANY.substring(1)));
        for (int i = 0; i < MANY_FILES; i++) {
            Files.writeString(many.resolve("entry-with-a-longish-name-" + i), Integer.toString(i));
        }
        return root;
    }

    /** {@code size} incompressible (seeded random) bytes at {@code path}. */
    public static void writeRandom(Path root, String path, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        Path p = root.resolve(path.substring(1));
        Files.createDirectories(p.getParent());
        Files.write(p, b);
    }

    private static void write(Path root, String path, String content) throws IOException {
        Path p = root.resolve(path.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    /** The bytes {@code writeTree} put at {@code path} (regular files only; sparse holes as zeros). */
    public static byte[] expected(Path root, String path) throws IOException {
        return Files.readAllBytes(root.resolve(path.substring(1)));
    }

    /**
     * Makes a {@code sizeMb} ext4 image of {@code tree} with 4 KiB blocks; {@code features} go to {@code -O}
     * (e.g. {@code "64bit"} or {@code "^64bit"}), then indexes the big directories with {@code e2fsck -fyD}.
     */
    public static Path make(Path tree, Path image, int sizeMb, String features) throws IOException,
            InterruptedException {
        return make(tree, image, sizeMb, "ext4", 4096, features);
    }

    /** Like {@link #make(Path, Path, int, String)} with the filesystem type ({@code -t}) and block size. */
    public static Path make(Path tree, Path image, int sizeMb, String type, int blockSize, String features)
            throws IOException, InterruptedException {
        run("mke2fs", "-q", "-F", "-t", type, "-b", Integer.toString(blockSize), "-O", features, "-E",
                "lazy_itable_init=0,lazy_journal_init=0", "-U", "b0000000-0000-4000-8000-000000000002",
                "-d", tree.toString(), image.toString(), sizeMb + "M");
        List<String> fsck = List.of("e2fsck", "-fyD", image.toString());
        Process p = new ProcessBuilder(fsck).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() > 1) {
            throw new IOException(fsck + " exited " + p.exitValue());
        }
        return image;
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of(cmd));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(c + " failed: " + out);
        }
        return out;
    }
}
