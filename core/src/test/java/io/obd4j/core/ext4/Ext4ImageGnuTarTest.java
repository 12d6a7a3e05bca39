package io.obd4j.core.ext4;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Layer tars made by the real GNU tar (gnu and pax formats) from a directory tree, applied, dumped back with
 * debugfs rdump and compared with the source tree: names, types, sizes, contents, symlink targets, modes, mtimes.
 */
class Ext4ImageGnuTarTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"gnu", "pax"})
    void treePackedByGnuTarComesBackIdentical(String format) throws IOException {
        Path src = dir.resolve("src");
        makeTree(src);
        Path tar = dir.resolve("layer.tar");
        E2fsTools.runChecked(List.of("tar", "--format=" + format, "--numeric-owner", "--owner=0", "--group=0",
            "-C", src.toString(), "-cf", tar.toString(), "."), 1, Map.of());
        Path raw = dir.resolve("fs.raw");
        try (Ext4Image img = Ext4Image.create(raw, Ext4ImageLayersTest.VSIZE, Ext4Options.defaults());
             InputStream in = Files.newInputStream(tar)) {
            img.apply(in, format, n -> { });
        }
        Ext4Inspector.Result fsck = Ext4Inspector.fsck(raw);
        assertThat(fsck.exitCode()).as(fsck.output()).isZero();
        Path out = dir.resolve("out");
        Ext4Inspector.dumpTree(raw, out);
        Files.delete(out.resolve("lost+found"));
        Map<String, String> want = describe(src);
        Map<String, String> got = describe(out);
        // rdump writes "/" into an existing directory, so the root's own metadata is checked with stat
        assertThat(Ext4Inspector.stat(raw, "/").mtime() + "").isEqualTo(want.remove("").split(" ")[2]);
        got.remove("");
        Map<String, String> differences = new TreeMap<>();
        for (String k : want.keySet()) {
            if (!want.get(k).equals(got.get(k))) {
                differences.put(k, "want " + want.get(k) + ", got " + got.get(k));
            }
        }
        assertThat(differences).isEmpty();
        assertThat(got.keySet()).isEqualTo(want.keySet());
    }

    private static void makeTree(Path src) throws IOException {
        SplittableRandom r = new SplittableRandom(11);
        Path deep = src.resolve("a/" + "long-directory-name-".repeat(4) + "/b/" + "c".repeat(120));
        Files.createDirectories(deep);
        Files.createDirectories(src.resolve("empty-dir"));
        for (int i = 0; i < 60; i++) {
            Path d = i % 3 == 0 ? deep : src.resolve("d" + i % 5);
            Files.createDirectories(d);
            byte[] b = new byte[i == 7 ? 3_000_000 : r.nextInt(20_000)];
            r.nextBytes(b);
            Path f = d.resolve("file " + i + (i % 4 == 0 ? "-" + "x".repeat(150) : ""));
            Files.write(f, b);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(i % 2 == 0 ? "rwxr-x---" : "rw-r--r--"));
            Files.setLastModifiedTime(f, FileTime.fromMillis(1_500_000_000_000L + i * 1_000_000L));
        }
        Files.createSymbolicLink(src.resolve("d1/rel-link"), Path.of("../d2"));
        Files.createSymbolicLink(src.resolve("d1/abs-link"), Path.of("/" + "t".repeat(300)));
        Files.createLink(src.resolve("d3/hard"), src.resolve("d1/file 1"));
        Files.writeString(src.resolve("-dash -name"), "dash");
        Files.writeString(src.resolve("d4/<12>"), "angle");
        Files.writeString(src.resolve("d4/#hash \\back\tslash 'single'"), "odd");
        for (Path d : List.of(deep, src.resolve("d1"), src.resolve("a"), src)) {
            Files.setLastModifiedTime(d, FileTime.fromMillis(1_400_000_000_000L));
        }
    }

    /** path → type, mode, mtime, size and sha256 (files) or target (symlinks). */
    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "link " + Files.readSymbolicLink(p));
                    continue;
                }
                String meta = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS))
                    + " " + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000;
                out.put(rel, Files.isDirectory(p) ? "dir " + meta
                    : "file " + meta + " " + Files.size(p) + " " + Ext4Inspector.sha256(p));
            }
        }
        return out;
    }
}
