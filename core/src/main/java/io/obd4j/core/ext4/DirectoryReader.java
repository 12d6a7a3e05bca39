package io.obd4j.core.ext4;

import io.obd4j.core.format.FormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists a directory by scanning every block linearly. That also reads hashed-tree (htree) directories: their root
 * block holds {@code .} and {@code ..} with the index inside {@code ..}'s record, interior index blocks look like one
 * empty entry (inode 0) spanning the block, and the checksum tail of metadata_csum blocks is an inode-0 entry too.
 */
final class DirectoryReader {
    private DirectoryReader() {
    }

    static List<DirEntry> entries(Ext4Filesystem fs, Ext4Inode dir) throws IOException {
        fs.requireReadable(dir);
        int bs = fs.blockSize();
        long blocks = (dir.size() + bs - 1) / bs;
        List<DirEntry> out = new ArrayList<>();
        for (FileExtent e : fs.extents(dir)) {
            if (!e.written()) {
                continue;
            }
            for (int i = 0; i < e.length() && e.logical() + i < blocks; i++) {
                long block = e.physical() + i;
                scan(fs, dir, fs.readBlock(block), block * bs, out);
            }
        }
        return out;
    }

    private static void scan(Ext4Filesystem fs, Ext4Inode dir, ByteBuffer b, long at, List<DirEntry> out)
            throws FormatException {
        int bs = b.capacity();
        int pos = 0;
        while (pos + Ext4Format.DE_HEADER <= bs) {
            int ino = b.getInt(pos + Ext4Format.DE_INODE);
            int recLen = Short.toUnsignedInt(b.getShort(pos + Ext4Format.DE_REC_LEN));
            if (bs == 65536 && (recLen == 0 || recLen == 65535)) {
                recLen = bs;
            }
            int nameLen = Byte.toUnsignedInt(b.get(pos + Ext4Format.DE_NAME_LEN));
            if (recLen < Ext4Format.DE_HEADER || recLen % 4 != 0 || pos + recLen > bs
                    || (ino != 0 && Ext4Format.DE_HEADER + nameLen > recLen)) {
                throw new FormatException(fs.name(), "rec_len of a dir entry of inode " + dir.number(), at + pos,
                        "a multiple of 4 in " + (Ext4Format.DE_HEADER + nameLen) + ".." + (bs - pos),
                        recLen + " (name_len " + nameLen + ")");
            }
            if (ino != 0 && nameLen > 0) {
                byte[] name = new byte[nameLen];
                b.get(pos + Ext4Format.DE_HEADER, name);
                out.add(new DirEntry(new String(name, StandardCharsets.UTF_8), ino));
            }
            pos += recLen;
        }
    }
}
