package io.obd4j.core.ext4;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.image.BlockDevice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Read-only access to the ext4 filesystem on a block device: inodes by number, extents, directory listings, path
 * lookups with symlinks, file contents. Thread-safe (no mutable state; every read is positional).
 *
 * <pre>{@code
 * Ext4Filesystem fs = Ext4Filesystem.open(device, "image of dev1");
 * for (FileExtent e : fs.extents(fs.resolve("/usr/bin/env"))) { ... }
 * }</pre>
 */
public final class Ext4Filesystem {
    private static final int SECTOR = 512;

    private final BlockDevice device;
    private final String name;
    private final Ext4Superblock sb;

    private Ext4Filesystem(BlockDevice device, String name, Ext4Superblock sb) {
        this.device = device;
        this.name = name;
        this.sb = sb;
    }

    /**
     * Reads and checks the superblock of {@code device}; {@code name} is how errors call the image.
     *
     * @throws FormatException when there is no ext2/3/4 superblock or it uses an unsupported incompat feature
     */
    public static Ext4Filesystem open(BlockDevice device, String name) throws IOException {
        if (device.size() < Ext4Format.SUPERBLOCK_OFFSET + Ext4Format.SUPERBLOCK_SIZE) {
            throw new FormatException(name, "superblock", Ext4Format.SUPERBLOCK_OFFSET, "a device of >= 2048 bytes",
                    device.size() + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(Ext4Format.SUPERBLOCK_SIZE);
        device.read(b, Ext4Format.SUPERBLOCK_OFFSET);
        return new Ext4Filesystem(device, name, Ext4Superblock.parse(name, b.flip()));
    }

    public String name() {
        return name;
    }

    public int blockSize() {
        return sb.blockSize();
    }

    /** Size of a group descriptor: 32, or {@code s_desc_size} with the 64bit feature. */
    public int descriptorSize() {
        return sb.descSize();
    }

    /** The inode numbered {@code ino} (2 is the root directory). */
    public Ext4Inode inode(int ino) throws IOException {
        if (ino < 1 || ino > sb.inodesCount()) {
            throw new FormatException(name, "inode number", 0, "1.." + sb.inodesCount(), Integer.toUnsignedString(ino));
        }
        long group = (ino - 1L) / sb.inodesPerGroup();
        long index = (ino - 1L) % sb.inodesPerGroup();
        ByteBuffer gd = read(descriptorOffset(group), sb.descSize());
        long table = Integer.toUnsignedLong(gd.getInt(Ext4Format.GD_INODE_TABLE_LO));
        if (sb.descSize() >= Ext4Format.GD_SIZE_64) {
            table |= Integer.toUnsignedLong(gd.getInt(Ext4Format.GD_INODE_TABLE_HI)) << 32;
        }
        if (table == 0 || table >= sb.blocksCount()) {
            throw new FormatException(name, "bg_inode_table of group " + group, descriptorOffset(group),
                    "a block < " + sb.blocksCount(), table);
        }
        long at = table * sb.blockSize() + index * sb.inodeSize();
        ByteBuffer in = read(at, 128);
        long size = Integer.toUnsignedLong(in.getInt(Ext4Format.I_SIZE_LO))
                | Integer.toUnsignedLong(in.getInt(Ext4Format.I_SIZE_HIGH)) << 32;
        byte[] block = new byte[Ext4Format.I_BLOCK_SIZE];
        in.get(Ext4Format.I_BLOCK, block);
        return new Ext4Inode(ino, Short.toUnsignedInt(in.getShort(Ext4Format.I_MODE)), size,
                in.getInt(Ext4Format.I_FLAGS), block);
    }

    private long descriptorOffset(long group) throws FormatException {
        long groups = (sb.inodesCount() + sb.inodesPerGroup() - 1) / sb.inodesPerGroup();
        if (group >= groups) {
            throw new FormatException(name, "block group", 0, "< " + groups, group);
        }
        return (sb.firstDataBlock() + 1) * sb.blockSize() + group * sb.descSize();
    }

    /** The file's extents in logical order. */
    public List<FileExtent> extents(Ext4Inode inode) throws IOException {
        requireReadable(inode);
        return ExtentTree.read(this, inode);
    }

    /** The entries of directory {@code dir} (including {@code .} and {@code ..}). */
    public List<DirEntry> list(Ext4Inode dir) throws IOException {
        if (!dir.isDirectory()) {
            throw new Ext4Exception(name + ": inode " + dir.number() + " is not a directory");
        }
        return DirectoryReader.entries(this, dir);
    }

    /** The target of symlink {@code link}. */
    public String readlink(Ext4Inode link) throws IOException {
        if (!link.isSymlink()) {
            throw new Ext4Exception(name + ": inode " + link.number() + " is not a symlink");
        }
        if (!link.hasExtents() && (link.flags() & Ext4Format.FL_INLINE_DATA) == 0
                && link.size() < Ext4Format.I_BLOCK_SIZE) {
            return new String(link.block(), 0, (int) link.size(), java.nio.charset.StandardCharsets.UTF_8);
        }
        return new String(readAll(link), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Resolves {@code path} from the root, following symlinks in every component including the last. */
    public Ext4Inode resolve(String path) throws IOException {
        return PathResolver.resolve(this, path, true);
    }

    /** Resolves {@code path} like {@link #resolve} but returns a final symlink itself. */
    public Ext4Inode lookup(String path) throws IOException {
        return PathResolver.resolve(this, path, false);
    }

    /** The whole content of a regular file or symlink (holes and unwritten extents read as zeros). */
    public byte[] readAll(Ext4Inode inode) throws IOException {
        int bs = sb.blockSize();
        long blocks = (inode.size() + bs - 1) / bs;
        if (blocks * bs > Integer.MAX_VALUE - 8) {
            throw new Ext4Exception(name + ": inode " + inode.number() + " is too big to read at once: "
                    + inode.size() + " bytes");
        }
        byte[] out = new byte[(int) (blocks * bs)];
        for (FileExtent e : extents(inode)) {
            if (!e.written() || e.logical() >= blocks) {
                continue;
            }
            int len = (int) Math.min(e.length(), blocks - e.logical()) * bs;
            device.read(ByteBuffer.wrap(out, (int) (e.logical() * bs), len), e.physical() * bs);
        }
        return Arrays.copyOf(out, (int) inode.size());
    }

    /** Refuses inodes whose data is not in extents. */
    void requireReadable(Ext4Inode inode) throws Ext4Exception {
        if ((inode.flags() & Ext4Format.FL_INLINE_DATA) != 0) {
            throw new Ext4Exception(name + ": inode " + inode.number() + " keeps its data inline (inline_data): "
                    + "not supported");
        }
        if ((inode.flags() & Ext4Format.FL_ENCRYPT) != 0) {
            throw new Ext4Exception(name + ": inode " + inode.number() + " is encrypted: not supported");
        }
        if (!inode.hasExtents() && inode.size() > 0) {
            throw new Ext4Exception(name + ": inode " + inode.number() + " maps its blocks indirectly (ext2/3 "
                    + "block map, no EXTENTS_FL): not supported");
        }
    }

    /**
     * {@code length} bytes at byte {@code offset} of the device, little-endian. Block devices take only 512-byte
     * aligned reads, so the covering aligned range is read and the wanted part returned.
     */
    ByteBuffer read(long offset, int length) throws IOException {
        if (offset < 0 || offset + length > device.size()) {
            throw new FormatException(name, "read", offset, "a range inside the " + device.size() + "-byte device",
                    length + " bytes");
        }
        long start = offset & -SECTOR;
        long end = Math.min(device.size(), (offset + length + SECTOR - 1) & -SECTOR);
        ByteBuffer b = ByteBuffer.allocate((int) (end - start));
        device.read(b, start);
        return b.position((int) (offset - start)).limit((int) (offset - start) + length).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Block {@code block} of the filesystem. */
    ByteBuffer readBlock(long block) throws IOException {
        if (block >= sb.blocksCount()) {
            throw new FormatException(name, "block number", block * sb.blockSize(), "< " + sb.blocksCount(), block);
        }
        return read(block * sb.blockSize(), sb.blockSize());
    }

    /** Every regular file under directory {@code dir}, depth first, as absolute paths (symlinks are not followed). */
    public List<String> walk(String dir) throws IOException {
        List<String> out = new ArrayList<>();
        String base = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        walk(resolve(dir), base.startsWith("/") || base.isEmpty() ? base : "/" + base, out, 0);
        return out;
    }

    private void walk(Ext4Inode d, String path, List<String> out, int depth) throws IOException {
        if (depth > 256) {
            throw new Ext4Exception(name + ": directories nested deeper than 256 at " + path);
        }
        List<DirEntry> entries = new ArrayList<>(list(d));
        entries.sort((a, b) -> a.name().compareTo(b.name()));
        for (DirEntry e : entries) {
            if (Arrays.asList(".", "..").contains(e.name())) {
                continue;
            }
            Ext4Inode child = inode(e.inode());
            if (child.isDirectory()) {
                walk(child, path + "/" + e.name(), out, depth + 1);
            } else if (child.isRegular()) {
                out.add(path + "/" + e.name());
            }
        }
    }
}
