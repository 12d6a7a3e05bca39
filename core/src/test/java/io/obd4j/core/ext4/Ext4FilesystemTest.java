package io.obd4j.core.ext4;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.image.RawFileDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ext4 reader against images made by mke2fs -d (with and without 64bit group descriptors). */
class Ext4FilesystemTest {
    @TempDir
    static Path dir;
    static Path tree;
    static RawFileDevice dev64;
    static RawFileDevice dev32;

    @BeforeAll
    static void makeImages() throws Exception {
        tree = Ext4Images.writeTree(Files.createDirectories(dir.resolve("tree")));
        dev64 = RawFileDevice.open(Ext4Images.make(tree, dir.resolve("fs64.img"), 64, "64bit"), true);
        dev32 = RawFileDevice.open(Ext4Images.make(tree, dir.resolve("fs32.img"), 64, "^64bit"), true);
    }

    @AfterAll
    static void close() throws IOException {
        dev64.close();
        dev32.close();
    }

    static Ext4Filesystem fs(boolean is64) throws IOException {
        return Ext4Filesystem.open(is64 ? dev64 : dev32, is64 ? "fs64.img" : "fs32.img");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsFilesInNestedDirectories(boolean is64) throws IOException {
        Ext4Filesystem fs = fs(is64);
        assertThat(fs.descriptorSize()).isEqualTo(is64 ? 64 : 32);
        for (String p : List.of("/etc/hostname", "/etc/os-release", Ext4Images.NESTED, "/usr/bin/app")) {
            assertThat(fs.readAll(fs.resolve(p))).as(p).isEqualTo(Ext4Images.expected(tree, p));
        }
        assertThat(fs.resolve("/").isDirectory()).isTrue();
        assertThat(fs.resolve("usr//lib/./deep/../deep/nested").isDirectory()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void bigSparseFileNeedsAnExtentIndexNode(boolean is64) throws IOException {
        Ext4Filesystem fs = fs(is64);
        Ext4Inode big = fs.resolve(Ext4Images.SPARSE);
        int rootDepth = ByteBuffer.wrap(big.block()).order(ByteOrder.LITTLE_ENDIAN).getShort(6);
        assertThat(rootDepth).as("extent tree depth").isPositive();
        List<FileExtent> extents = fs.extents(big);
        assertThat(extents).hasSize(Ext4Images.SPARSE_PIECES);
        for (int i = 0; i < extents.size(); i++) {
            assertThat(extents.get(i).logical()).isEqualTo(2L * i);
            assertThat(extents.get(i).length()).isEqualTo(1);
        }
        assertThat(fs.readAll(big)).isEqualTo(Ext4Images.expected(tree, Ext4Images.SPARSE));
    }

    @Test
    void followsSymlinksInPathComponents() throws IOException {
        Ext4Filesystem fs = fs(true);
        byte[] want = Ext4Images.expected(tree, Ext4Images.NESTED);
        assertThat(fs.readAll(fs.resolve("/usr/lib64/deep/nested/dir/file.txt"))).isEqualTo(want);
        assertThat(fs.readAll(fs.resolve("/deep/nested/dir/file.txt"))).isEqualTo(want);
        assertThat(fs.readAll(fs.resolve("/long/file.txt"))).isEqualTo(want);
        Ext4Inode link = fs.lookup("/long");
        assertThat(link.isSymlink()).isTrue();
        assertThat(link.size()).isGreaterThan(60);
        assertThat(fs.readlink(link)).startsWith("/usr/lib/deep/nested/./").endsWith("dir");
        assertThat(fs.readlink(fs.lookup("/usr/lib64"))).isEqualTo("lib");
        assertThatThrownBy(() -> fs.resolve("/loop1/x")).isInstanceOf(Ext4Exception.class)
                .hasMessageContaining("more than 40 symlinks");
    }

    @Test
    void listsAHashTreeDirectoryOfThousandsOfEntries() throws IOException {
        Ext4Filesystem fs = fs(true);
        Ext4Inode many = fs.resolve(Ext4Images.MANY);
        assertThat(many.isHashIndexed()).as("e2fsck -D made an htree").isTrue();
        Set<String> names = new HashSet<>();
        for (DirEntry e : fs.list(many)) {
            names.add(e.name());
        }
        assertThat(names).hasSize(Ext4Images.MANY_FILES + 2).contains(".", "..", "entry-with-a-longish-name-0",
                "entry-with-a-longish-name-2999");
        assertThat(new String(fs.readAll(fs.resolve(Ext4Images.MANY + "/entry-with-a-longish-name-1234")),
                StandardCharsets.UTF_8)).isEqualTo("1234");
        assertThat(fs.walk(Ext4Images.MANY + "/")).hasSize(Ext4Images.MANY_FILES);
    }

    @Test
    void missingPathsAndNonDirectoriesAreClearErrors() throws IOException {
        Ext4Filesystem fs = fs(true);
        assertThatThrownBy(() -> fs.resolve("/usr/lib/nope/file")).isInstanceOf(Ext4Exception.class)
                .hasMessage("fs64.img: /usr/lib/nope/file: no such file or directory (no 'nope' in /usr/lib)");
        assertThatThrownBy(() -> fs.resolve("/etc/hostname/x")).isInstanceOf(Ext4Exception.class)
                .hasMessage("fs64.img: /etc/hostname/x: /etc/hostname is not a directory");
    }

    @Test
    void aDeviceWithoutExt4IsRefusedNamingTheField(@TempDir Path d) throws IOException {
        Path zero = Files.write(d.resolve("zero.img"), new byte[1 << 16]);
        try (RawFileDevice dev = RawFileDevice.open(zero, true)) {
            assertThatThrownBy(() -> Ext4Filesystem.open(dev, "zero.img")).isInstanceOf(FormatException.class)
                    .hasMessage("zero.img: s_magic at offset 1080: expected 0xEF53 (an ext2/3/4 filesystem), "
                            + "found 0x0000");
        }
    }
}
