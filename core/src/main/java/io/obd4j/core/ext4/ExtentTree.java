package io.obd4j.core.ext4;

import io.obd4j.core.format.FormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Walks an inode's extent tree: the root in {@code i_block}, index nodes down to the leaves. */
final class ExtentTree {
    private ExtentTree() {
    }

    static List<FileExtent> read(Ext4Filesystem fs, Ext4Inode inode) throws IOException {
        List<FileExtent> out = new ArrayList<>();
        if (!inode.hasExtents()) {
            return out;
        }
        ByteBuffer root = ByteBuffer.wrap(inode.block()).order(ByteOrder.LITTLE_ENDIAN);
        node(fs, inode, root, -1, "inode " + inode.number() + " i_block", -1, out);
        return out;
    }

    /**
     * Adds the extents under the node in {@code b}; {@code expectDepth} is -1 for the root, else the depth the
     * parent index promised; {@code at} is the node's byte offset on the device (-1 for the root).
     */
    private static void node(Ext4Filesystem fs, Ext4Inode inode, ByteBuffer b, int expectDepth, String where,
                             long at, List<FileExtent> out) throws IOException {
        int magic = Short.toUnsignedInt(b.getShort(Ext4Format.EH_MAGIC));
        int entries = Short.toUnsignedInt(b.getShort(Ext4Format.EH_ENTRIES));
        int max = Short.toUnsignedInt(b.getShort(Ext4Format.EH_MAX));
        int depth = Short.toUnsignedInt(b.getShort(Ext4Format.EH_DEPTH));
        long off = Math.max(at, 0);
        if (magic != Ext4Format.EXTENT_MAGIC) {
            throw new FormatException(fs.name(), "eh_magic (" + where + ")", off, "0xF30A",
                    String.format("0x%04X", magic));
        }
        int capacity = (b.capacity() - Ext4Format.EXTENT_ENTRY_SIZE) / Ext4Format.EXTENT_ENTRY_SIZE;
        if (entries > max || max > capacity) {
            throw new FormatException(fs.name(), "eh_entries/eh_max (" + where + ")", off,
                    "entries <= max <= " + capacity, entries + "/" + max);
        }
        if (depth > Ext4Format.MAX_EXTENT_DEPTH || (expectDepth >= 0 && depth != expectDepth)) {
            throw new FormatException(fs.name(), "eh_depth (" + where + ")", off,
                    expectDepth >= 0 ? Integer.toString(expectDepth) : "<= " + Ext4Format.MAX_EXTENT_DEPTH, depth);
        }
        for (int i = 0; i < entries; i++) {
            int e = Ext4Format.EXTENT_ENTRY_SIZE * (i + 1);
            if (depth == 0) {
                int len = Short.toUnsignedInt(b.getShort(e + Ext4Format.EE_LEN));
                boolean written = len <= Ext4Format.EXTENT_INIT_MAX_LEN;
                long start = Integer.toUnsignedLong(b.getInt(e + Ext4Format.EE_START_LO))
                        | (long) Short.toUnsignedInt(b.getShort(e + Ext4Format.EE_START_HI)) << 32;
                out.add(new FileExtent(Integer.toUnsignedLong(b.getInt(e + Ext4Format.EE_BLOCK)), start,
                        written ? len : len - Ext4Format.EXTENT_INIT_MAX_LEN, written));
            } else {
                long leaf = Integer.toUnsignedLong(b.getInt(e + Ext4Format.EI_LEAF_LO))
                        | (long) Short.toUnsignedInt(b.getShort(e + Ext4Format.EI_LEAF_HI)) << 32;
                ByteBuffer child = fs.readBlock(leaf);
                node(fs, inode, child, depth - 1, "inode " + inode.number() + " extent node at block " + leaf,
                        leaf * fs.blockSize(), out);
            }
        }
    }
}
