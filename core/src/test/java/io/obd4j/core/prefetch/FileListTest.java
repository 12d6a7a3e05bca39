package io.obd4j.core.prefetch;

import io.obd4j.core.ext4.Ext4Filesystem;
import io.obd4j.core.ext4.Ext4Images;
import io.obd4j.core.ext4.Ext4Inode;
import io.obd4j.core.ext4.FileExtent;
import io.obd4j.core.image.RawFileDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileListTest {
    @TempDir
    Path dir;

    @Test
    void parsesLinesAsOverlaybdDoes() {
        FileList l = FileList.parse("  /etc/hostname  \n\n/usr/lib/\nrelative/path\n/bad path\n/glob/*\n/tab\t\n"
                + "/dos\r\n..\n/a/b-c_d.e\n");
        assertThat(l.paths()).containsExactly("/etc/hostname", "/usr/lib/", "relative/path", "..", "/a/b-c_d.e");
    }

    @Test
    void aListOver64KibIsRefused() throws IOException {
        Path big = Files.writeString(dir.resolve("list"), "/x\n".repeat(30_000));
        assertThatThrownBy(() -> FileList.read(big)).hasMessageContaining("prefetch list file too large (90000 bytes");
    }

    @Test
    void plansReadsOfEveryExtentRoundedTo512AndWalksDirectories() throws Exception {
        Path tree = Ext4Images.writeTree(Files.createDirectories(dir.resolve("tree")));
        Path img = Ext4Images.make(tree, dir.resolve("fs.img"), 64, "64bit");
        try (RawFileDevice dev = RawFileDevice.open(img, true)) {
            Ext4Filesystem fs = Ext4Filesystem.open(dev, "fs.img");
            List<TraceRecord> plan = FileList.parse("/etc/hostname\n/usr/lib64/deep/\n/missing\n" + Ext4Images.SPARSE
                    + "\n").plan(fs);
            Ext4Inode host = fs.resolve("/etc/hostname");
            FileExtent he = fs.extents(host).get(0);
            assertThat(plan.get(0)).isEqualTo(TraceRecord.read(0, 512, he.physical() * 4096));
            FileExtent ne = fs.extents(fs.resolve(Ext4Images.NESTED)).get(0);
            assertThat(plan.get(1)).isEqualTo(TraceRecord.read(0, 13_312, ne.physical() * 4096));
            List<TraceRecord> sparse = plan.subList(2, plan.size());
            assertThat(sparse).hasSize(Ext4Images.SPARSE_PIECES);
            assertThat(sparse).allMatch(r -> r.count() == 4096 && r.layer() == 0);
        }
    }
}
