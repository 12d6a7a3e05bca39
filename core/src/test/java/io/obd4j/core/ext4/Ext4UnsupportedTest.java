package io.obd4j.core.ext4;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.image.RawFileDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 1 KiB blocks, and the clear errors for what the reader refuses: inline data, block maps, a broken extent node. */
class Ext4UnsupportedTest {
    @TempDir
    Path dir;

    Path tree() throws IOException {
        return Ext4Images.writeTree(Files.createDirectories(dir.resolve("tree")));
    }

    @Test
    void oneKibBlocksPutTheDescriptorsAfterBlockOne() throws Exception {
        Path tree = tree();
        Path img = Ext4Images.make(tree, dir.resolve("k1.img"), 64, "ext4", 1024, "64bit");
        try (RawFileDevice dev = RawFileDevice.open(img, true)) {
            Ext4Filesystem fs = Ext4Filesystem.open(dev, "k1.img");
            assertThat(fs.blockSize()).isEqualTo(1024);
            for (String p : new String[] {Ext4Images.NESTED, Ext4Images.SPARSE, "/usr/bin/app"}) {
                assertThat(fs.readAll(fs.resolve(p))).as(p).isEqualTo(Ext4Images.expected(tree, p));
            }
        }
    }

    @Test
    void inlineDataIsRefusedNamingTheInode() throws Exception {
        Path img = Ext4Images.make(tree(), dir.resolve("inline.img"), 64, "ext4", 4096, "64bit,inline_data");
        try (RawFileDevice dev = RawFileDevice.open(img, true)) {
            Ext4Filesystem fs = Ext4Filesystem.open(dev, "inline.img");
            assertThatThrownBy(() -> fs.readAll(fs.resolve("/etc/hostname"))).isInstanceOf(Ext4Exception.class)
                    .hasMessageMatching("inline.img: inode \\d+ keeps its data inline \\(inline_data\\): "
                            + "not supported");
        }
    }

    @Test
    void ext2BlockMapsAreRefusedNamingTheInode() throws Exception {
        Path img = Ext4Images.make(tree(), dir.resolve("ext2.img"), 64, "ext2", 4096, "^dir_index");
        try (RawFileDevice dev = RawFileDevice.open(img, true)) {
            Ext4Filesystem fs = Ext4Filesystem.open(dev, "ext2.img");
            assertThatThrownBy(() -> fs.resolve("/etc/hostname")).isInstanceOf(Ext4Exception.class)
                    .hasMessage("ext2.img: inode 2 maps its blocks indirectly (ext2/3 block map, no EXTENTS_FL): "
                            + "not supported");
        }
    }

    @Test
    void aBrokenExtentIndexNodeNamesTheInodeBlockAndOffset() throws Exception {
        Path img = Ext4Images.make(tree(), dir.resolve("bad.img"), 64, "64bit");
        int ino;
        long leaf;
        try (RawFileDevice dev = RawFileDevice.open(img, true)) {
            Ext4Inode sparse = Ext4Filesystem.open(dev, "bad.img").resolve(Ext4Images.SPARSE);
            ino = sparse.number();
            ByteBuffer root = ByteBuffer.wrap(sparse.block()).order(ByteOrder.LITTLE_ENDIAN);
            leaf = Integer.toUnsignedLong(root.getInt(12 + 4));
        }
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(leaf * 4096);
            f.write(new byte[] {0x0B, (byte) 0xAD});
        }
        try (RawFileDevice dev = RawFileDevice.open(img, true)) {
            Ext4Filesystem fs = Ext4Filesystem.open(dev, "bad.img");
            assertThatThrownBy(() -> fs.extents(fs.resolve(Ext4Images.SPARSE))).isInstanceOf(FormatException.class)
                    .hasMessage("bad.img: eh_magic (inode " + ino + " extent node at block " + leaf + ") at offset "
                            + leaf * 4096 + ": expected 0xF30A, found 0xAD0B");
        }
    }
}
