package io.obd4j.core.ext4;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two OCI layers applied with the real e2fsprogs, read back with e2fsck, debugfs rdump, stat and ea_list. */
class Ext4ImageLayersTest {
    static final long VSIZE = 64L << 30;
    static final long T1 = 1_600_000_000L;
    static final long T2 = 1_650_000_000L;

    @TempDir
    Path dir;

    static byte[] bigSparseish() {
        byte[] b = new byte[5 * 1024 * 1024 + 123];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < b.length; i++) {
            // 1 MiB of data, 1 MiB of zeros, alternating: holes for debugfs's zero-block skipping
            if ((i >> 20) % 2 == 0) {
                b[i] = (byte) r.nextInt(256);
            }
        }
        return b;
    }

    static byte[] layer1() {
        TarBuilder t = new TarBuilder().mtime(T1);
        t.dir("etc/", 0755, 0, 0);
        t.file("etc/hosts", "127.0.0.1 localhost\n");
        t.file("etc/empty", 0600, 0, 0, new byte[0]);
        t.file("etc/setuid", 04755, 0, 0, "x".getBytes(StandardCharsets.UTF_8));
        t.file("etc/nothing", 0000, 0, 0, "n".getBytes(StandardCharsets.UTF_8));
        t.dir("home/user/", 0700, 1000, 1000);
        t.file("home/user/.profile", 0640, 1000, 1000, "export A=1\n".getBytes(StandardCharsets.UTF_8));
        t.file("usr/bin/big", 0755, 0, 0, bigSparseish());
        t.symlink("usr/bin/sh", "big");
        t.symlink("usr/lib/long", "/" + "x".repeat(200));
        t.hardlink("usr/bin/big2", "usr/bin/big");
        t.device('3', "dev/null", 0666, 1, 3);
        t.device('6', "run/fifo", 0644, 0, 0);
        t.entry('0', "usr/bin/ping", "", "ping".getBytes(StandardCharsets.UTF_8), 0755, 0, 0,
            Map.of("SCHILY.xattr.security.capability", "\u0001\u0000\u0000\u0002\u0000\u0020\u0000\u0000"
                + "\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000",
                "SCHILY.xattr.user.comment", "hello"));
        t.entry('0', "var/times", "", new byte[] {1}, 0644, 0, 0,
            Map.of("atime", "1500000000.5", "ctime", "1400000000"));
        t.dir("opq/", 0755, 0, 0).file("opq/lower", "lower").dir("opq/sub/", 0755, 0, 0).file("opq/sub/f", "f");
        t.dir("gone/", 0755, 0, 0).file("gone/a", "a").dir("gone/d/", 0755, 0, 0).file("gone/d/b", "b");
        t.file("replace-me", "old").file("to-dir", "file");
        t.entry('0', "deep/" + "n".repeat(120) + "/file", "", "deep".getBytes(StandardCharsets.UTF_8), 0644, 0, 0,
            Map.of());
        t.mtime(0).file("zero-time", "epoch");
        t.mtime(4_102_444_800L).file("year-2100", "future");
        return t.build();
    }

    static byte[] layer2() {
        TarBuilder t = new TarBuilder().mtime(T2);
        t.dir("./", 0750, 0, 0);
        t.file("etc/.wh.hosts", "");
        t.file("usr/bin/.wh.big2", "").hardlink("usr/bin/big3", "usr/bin/big").hardlink("usr/bin/big4", "usr/bin/big");
        t.file(".wh.gone", "");
        t.file("opq/.wh..wh..opq", "").file("opq/new", "new");
        t.file("replace-me", "new content");
        t.dir("to-dir/", 0711, 0, 0).file("to-dir/inside", "in");
        t.dir("etc/", 0750, 0, 0);
        return t.build();
    }

    @Test
    void appliesTwoLayersAndReadsBackExactly() throws IOException {
        Path raw = dir.resolve("fs.raw");
        try (Ext4Image img = Ext4Image.create(raw, VSIZE, Ext4Options.defaults())) {
            AtomicLong progress = new AtomicLong();
            byte[] l1 = layer1();
            img.apply(new ByteArrayInputStream(l1), "layer1", progress::addAndGet);
            assertThat(progress.get()).isEqualTo(l1.length);
            Ext4Inspector.Result fsck = Ext4Inspector.fsck(raw);
            assertThat(fsck.exitCode()).as(fsck.output()).isZero();
            Map<String, String> tree = Ext4Inspector.dumpTree(raw, dir.resolve("out1"));
            assertThat(tree).containsEntry("etc/hosts", file("127.0.0.1 localhost\n"))
                .containsEntry("etc/empty", file(""))
                .containsEntry("usr/bin/big", "file " + bigSparseish().length + " "
                    + Ext4Inspector.sha256(bigSparseish()))
                .containsEntry("usr/bin/sh", "link -> big")
                .containsEntry("usr/lib/long", "link -> /" + "x".repeat(200))
                .containsEntry("gone/d/b", file("b"))
                .containsEntry("zero-time", file("epoch"))
                .doesNotContainKey("dev/null");
            Ext4Inspector.Stat setuid = Ext4Inspector.stat(raw, "/etc/setuid");
            assertThat(setuid.mode()).isEqualTo(04755);
            assertThat(setuid.mtime()).isEqualTo(T1);
            assertThat(setuid.crtime()).isEqualTo(T1);
            assertThat(Ext4Inspector.stat(raw, "/etc/nothing").mode()).isZero();
            Ext4Inspector.Stat home = Ext4Inspector.stat(raw, "/home/user");
            assertThat(home).extracting(Ext4Inspector.Stat::mode, Ext4Inspector.Stat::uid, Ext4Inspector.Stat::gid,
                Ext4Inspector.Stat::mtime).containsExactly(0700, 1000L, 1000L, T1);
            assertThat(Ext4Inspector.stat(raw, "/usr/bin/big").links()).isEqualTo(2);
            assertThat(Ext4Inspector.stat(raw, "/dev/null")).extracting(Ext4Inspector.Stat::type,
                Ext4Inspector.Stat::mode, Ext4Inspector.Stat::device).containsExactly("character special", 0666, "1:3");
            assertThat(Ext4Inspector.stat(raw, "/run/fifo").type()).isEqualTo("FIFO");
            Ext4Inspector.Stat times = Ext4Inspector.stat(raw, "/var/times");
            assertThat(times).extracting(Ext4Inspector.Stat::atime, Ext4Inspector.Stat::ctime,
                Ext4Inspector.Stat::mtime).containsExactly(1_500_000_000L, 1_400_000_000L, T1);
            assertThat(Ext4Inspector.stat(raw, "/zero-time").mtime()).isZero();
            assertThat(Ext4Inspector.stat(raw, "/year-2100").mtime()).isEqualTo(4_102_444_800L);
            assertThat(Ext4Inspector.xattrs(raw, "/usr/bin/ping")).containsEntry("user.comment", "\"hello\"")
                .containsKey("security.capability");
            Ext4Inspector.Stat usr = Ext4Inspector.stat(raw, "/usr");
            assertThat(usr).extracting(Ext4Inspector.Stat::mode, Ext4Inspector.Stat::uid, Ext4Inspector.Stat::mtime)
                .containsExactly(0755, 0L, Ext4Options.BASE_LAYER_TIME);

            img.apply(new ByteArrayInputStream(layer2()), "layer2", n -> { });
            fsck = Ext4Inspector.fsck(raw);
            assertThat(fsck.exitCode()).as(fsck.output()).isZero();
            Map<String, String> tree2 = Ext4Inspector.dumpTree(raw, dir.resolve("out2"));
            Map<String, String> expected = new TreeMap<>(tree);
            expected.remove("etc/hosts");
            expected.keySet().removeIf(k -> k.equals("gone") || k.startsWith("gone/"));
            expected.keySet().removeIf(k -> k.startsWith("opq/"));
            expected.put("opq/new", file("new"));
            expected.put("replace-me", file("new content"));
            expected.put("to-dir", "dir");
            expected.put("to-dir/inside", file("in"));
            expected.put("usr/bin/big3", expected.remove("usr/bin/big2"));
            expected.put("usr/bin/big4", expected.get("usr/bin/big"));
            assertThat(tree2).isEqualTo(expected);
            assertThat(Ext4Inspector.stat(raw, "/etc")).extracting(Ext4Inspector.Stat::mode,
                Ext4Inspector.Stat::mtime).containsExactly(0750, T2);
            assertThat(Ext4Inspector.stat(raw, "/to-dir").mode()).isEqualTo(0711);
            assertThat(Ext4Inspector.stat(raw, "/usr/bin/big4").links()).isEqualTo(3);
            assertThat(Ext4Inspector.stat(raw, "/")).extracting(Ext4Inspector.Stat::mode,
                Ext4Inspector.Stat::mtime).containsExactly(0750, T2);
        }
    }

    static String file(String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        return "file " + b.length + " " + Ext4Inspector.sha256(b);
    }

}
