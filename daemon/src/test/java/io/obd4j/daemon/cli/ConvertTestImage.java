package io.obd4j.daemon.cli;

import io.obd4j.core.testing.TarBuilder;
import io.obd4j.registry.convert.OciImageFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The three-layer image of the conversion tests and the tree it must give. Layer 1 lays out files, a symlink, a hard
 * link, a device, xattrs, a long name; layer 2 whites out a file and a directory, makes a directory opaque, rewrites
 * a file and adds a big one; layer 3 replaces a file with other owner and mode, adds a private directory.
 */
final class ConvertTestImage {
    static final long MTIME = 1_700_000_000L;
    static final String LONG_NAME = "deep/" + "n".repeat(120);
    static final byte[] BUSYBOX = random(300 * 1024 + 123, 1);
    static final byte[] BIG = random(3 << 20, 2);

    private ConvertTestImage() {
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8 && i + j < n; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return b;
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<byte[]> layers() {
        byte[] l1 = new TarBuilder().mtime(MTIME)
                .dir("etc", 0755, 0, 0)
                .file("etc/hostname", 0644, 0, 0, text("base\n"))
                .file("etc/secret", 0600, 1000, 1000, text("s3cret"), Map.of("user.note", "hello"))
                .dir("bin", 0755, 0, 0)
                .file("bin/busybox", 0755, 0, 0, BUSYBOX)
                .symlink("bin/sh", "busybox")
                .hardlink("bin/ls", "bin/busybox")
                .dir("data", 0750, 0, 0)
                .file("data/a", 0644, 0, 0, text("a"))
                .file("data/b", 0644, 0, 0, text("b"))
                .dir("data/sub", 0755, 0, 0)
                .file("data/sub/c", 0644, 0, 0, text("c"))
                .dir("opq", 0755, 0, 0)
                .file("opq/x", 0644, 0, 0, text("x"))
                .file("opq/y", 0644, 0, 0, text("y"))
                .dir("dev", 0755, 0, 0)
                .charDevice("dev/null", 0666, 1, 3)
                .dir("deep", 0755, 0, 0)
                .file(LONG_NAME, 0644, 0, 0, text("long"))
                .build();
        byte[] l2 = new TarBuilder().mtime(MTIME)
                .whiteout("data/a")
                .whiteout("data/sub")
                .opaque("opq")
                .file("opq/z", 0644, 0, 0, text("z"))
                .file("etc/hostname", 0644, 0, 0, text("layer2\n"))
                .file("big", 0644, 0, 0, BIG)
                .build();
        byte[] l3 = new TarBuilder().mtime(MTIME)
                .file("etc/motd", 0444, 0, 0, text("hello\n"))
                .file("data/b", 0640, 2, 3, text("bb"))
                .dir("newdir", 0700, 1, 1)
                .symlink("newdir/abs", "/etc/hostname")
                .build();
        return List.of(l1, l2, l3);
    }

    static OciImageFixture image() {
        return new OciImageFixture(layers());
    }

    /** Regular files after all layers: path → {mode, uid, gid, content}. */
    static Map<String, Object[]> files() {
        return Map.of(
                "etc/hostname", new Object[] {0644, 0, 0, text("layer2\n")},
                "etc/secret", new Object[] {0600, 1000, 1000, text("s3cret")},
                "etc/motd", new Object[] {0444, 0, 0, text("hello\n")},
                "bin/busybox", new Object[] {0755, 0, 0, BUSYBOX},
                "bin/ls", new Object[] {0755, 0, 0, BUSYBOX},
                "data/b", new Object[] {0640, 2, 3, text("bb")},
                "opq/z", new Object[] {0644, 0, 0, text("z")},
                LONG_NAME, new Object[] {0644, 0, 0, text("long")},
                "big", new Object[] {0644, 0, 0, BIG});
    }

    /** Directories after all layers: path → {mode, uid, gid}. */
    static Map<String, int[]> dirs() {
        return Map.of("etc", new int[] {0755, 0, 0}, "bin", new int[] {0755, 0, 0}, "data", new int[] {0750, 0, 0},
                "opq", new int[] {0755, 0, 0}, "dev", new int[] {0755, 0, 0}, "deep", new int[] {0755, 0, 0},
                "newdir", new int[] {0700, 1, 1}, "lost+found", new int[] {0700, 0, 0});
    }

    /** Symlinks after all layers: path → target. */
    static Map<String, String> symlinks() {
        return Map.of("bin/sh", "busybox", "newdir/abs", "/etc/hostname");
    }
}
