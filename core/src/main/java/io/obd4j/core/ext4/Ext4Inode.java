package io.obd4j.core.ext4;

/** The parts of an inode the reader uses; {@code block} is the raw 60-byte {@code i_block}. */
public record Ext4Inode(int number, int mode, long size, int flags, byte[] block) {
    public boolean isDirectory() {
        return (mode & Ext4Format.S_IFMT) == Ext4Format.S_IFDIR;
    }

    public boolean isRegular() {
        return (mode & Ext4Format.S_IFMT) == Ext4Format.S_IFREG;
    }

    public boolean isSymlink() {
        return (mode & Ext4Format.S_IFMT) == Ext4Format.S_IFLNK;
    }

    /** A directory indexed by a hashed b-tree ({@code EXT4_INDEX_FL}). */
    public boolean isHashIndexed() {
        return (flags & Ext4Format.FL_INDEX) != 0;
    }

    public boolean hasExtents() {
        return (flags & Ext4Format.FL_EXTENTS) != 0;
    }
}
