package io.obd4j.core.ext4;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads the key blocks of an e2undo file (e2fsprogs 1.47.0 {@code lib/ext2fs/undo_io.c}): every key names a
 * range of the filesystem that the writing tool overwrote (the undo file keeps the old bytes), so the keys
 * together are exactly the blocks that changed. All fields are little endian; CRCs are the raw CRC32C register
 * started from ~0 ({@code ext2fs_crc32c_le(~0, ...)}) without final inversion.
 *
 * <table>
 * <caption>undo_header (first undo block)</caption>
 * <tr><th>Off</th><th>Size</th><th>Field</th></tr>
 * <tr><td>0</td><td>8</td><td>magic {@code "E2UNDO02"}</td></tr>
 * <tr><td>8</td><td>8</td><td>num_keys</td></tr>
 * <tr><td>16</td><td>8</td><td>super_offset (undo block number of the saved superblock)</td></tr>
 * <tr><td>24</td><td>8</td><td>key_offset (undo block number of the first key block)</td></tr>
 * <tr><td>32</td><td>4</td><td>block_size (of the undo file)</td></tr>
 * <tr><td>36</td><td>4</td><td>fs_block_size (unit of a key's fsblk)</td></tr>
 * <tr><td>40</td><td>4</td><td>sb_crc</td></tr>
 * <tr><td>44</td><td>4</td><td>state (bit 0: finished)</td></tr>
 * <tr><td>48</td><td>4</td><td>f_compat (bit 0: fs_offset valid)</td></tr>
 * <tr><td>52</td><td>4</td><td>f_incompat</td></tr>
 * <tr><td>56</td><td>4</td><td>f_rocompat</td></tr>
 * <tr><td>60</td><td>4</td><td>pad</td></tr>
 * <tr><td>64</td><td>8</td><td>fs_offset</td></tr>
 * <tr><td>72</td><td>436</td><td>padding</td></tr>
 * <tr><td>508</td><td>4</td><td>header_crc over bytes [0, 508)</td></tr>
 * </table>
 * A key block: magic 0xCADECADE (4), crc over the whole block with this field zero (4), reserved (8), then keys of
 * 16 bytes: fsblk (8), blk_crc (4), size in bytes (4). Each key's old data follows in ceil(size / block_size)
 * undo blocks; a key block holds block_size / 16 - 1 keys.
 */
final class UndoFileFormat {
    static final byte[] MAGIC = "E2UNDO02".getBytes(StandardCharsets.US_ASCII);
    static final int KEYBLOCK_MAGIC = 0xCADECADE;
    static final int HEADER_SIZE = 512;
    static final int OFF_NUM_KEYS = 8;
    static final int OFF_KEY_OFFSET = 24;
    static final int OFF_BLOCK_SIZE = 32;
    static final int OFF_FS_BLOCK_SIZE = 36;
    static final int OFF_F_COMPAT = 48;
    static final int OFF_F_INCOMPAT = 52;
    static final int OFF_FS_OFFSET = 64;
    static final int OFF_HEADER_CRC = 508;
    static final int KEY_SIZE = 16;
    static final int COMPAT_FS_OFFSET = 0x1;

    private UndoFileFormat() {
    }

    /** The filesystem byte ranges the undo file's keys name, as recorded (not yet aligned or merged). */
    static List<Extent> changedRanges(Path undoFile) throws IOException {
        try (FileChannel ch = FileChannel.open(undoFile, StandardOpenOption.READ)) {
            ByteBuffer h = read(ch, 0, HEADER_SIZE, undoFile, "header");
            for (int i = 0; i < MAGIC.length; i++) {
                if (h.get(i) != MAGIC[i]) {
                    throw bad(undoFile, "magic", 0, "E2UNDO02", StandardCharsets.ISO_8859_1.decode(h.slice(0, 8)));
                }
            }
            int crc = rawCrc(h, 0, OFF_HEADER_CRC);
            if (crc != h.getInt(OFF_HEADER_CRC)) {
                throw bad(undoFile, "header_crc", OFF_HEADER_CRC, hex(crc), hex(h.getInt(OFF_HEADER_CRC)));
            }
            if (h.getInt(OFF_F_INCOMPAT) != 0) {
                throw bad(undoFile, "f_incompat", OFF_F_INCOMPAT, "0", hex(h.getInt(OFF_F_INCOMPAT)));
            }
            long numKeys = h.getLong(OFF_NUM_KEYS);
            int blockSize = h.getInt(OFF_BLOCK_SIZE);
            long fsBlockSize = Integer.toUnsignedLong(h.getInt(OFF_FS_BLOCK_SIZE));
            long fsOffset = (h.getInt(OFF_F_COMPAT) & COMPAT_FS_OFFSET) != 0 ? h.getLong(OFF_FS_OFFSET) : 0;
            if (numKeys == 0) {
                return List.of();
            }
            if (blockSize < 1024 || blockSize > 1 << 20 || Integer.bitCount(blockSize) != 1) {
                throw bad(undoFile, "block_size", OFF_BLOCK_SIZE, "a power of two in [1024, 1 MiB]", blockSize);
            }
            if (fsBlockSize < 1024 || fsBlockSize > 65536) {
                throw bad(undoFile, "fs_block_size", OFF_FS_BLOCK_SIZE, "[1024, 65536]", fsBlockSize);
            }
            return readKeys(ch, undoFile, numKeys, blockSize, fsBlockSize, fsOffset, h.getLong(OFF_KEY_OFFSET));
        }
    }

    private static List<Extent> readKeys(FileChannel ch, Path file, long numKeys, int blockSize, long fsBlockSize,
                                         long fsOffset, long firstKeyBlock) throws IOException {
        int keysPerBlock = blockSize / KEY_SIZE - 1;
        List<Extent> out = new ArrayList<>();
        long lblk = firstKeyBlock;
        for (long i = 0; i < numKeys; i += keysPerBlock) {
            long at = lblk * blockSize;
            ByteBuffer kb = read(ch, at, blockSize, file, "key block");
            if (kb.getInt(0) != KEYBLOCK_MAGIC) {
                throw bad(file, "key block magic", at, hex(KEYBLOCK_MAGIC), hex(kb.getInt(0)));
            }
            int stored = kb.getInt(4);
            kb.putInt(4, 0);
            int crc = rawCrc(kb, 0, blockSize);
            if (crc != stored) {
                throw bad(file, "key block crc", at + 4, hex(crc), hex(stored));
            }
            lblk++;
            long inBlock = Math.min(keysPerBlock, numKeys - i);
            for (int j = 0; j < inBlock; j++) {
                int k = KEY_SIZE + j * KEY_SIZE;
                long fsblk = kb.getLong(k);
                long size = Integer.toUnsignedLong(kb.getInt(k + 12));
                if (size == 0 || fsblk < 0) {
                    throw bad(file, "key " + (i + j), at + k, "fsblk >= 0 and size > 0", fsblk + "/" + size);
                }
                out.add(new Extent(fsOffset + fsblk * fsBlockSize, size));
                lblk += (size + blockSize - 1) / blockSize;
            }
        }
        return out;
    }

    private static ByteBuffer read(FileChannel ch, long at, int len, Path file, String what) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException(file + ": undo file truncated in the " + what + " at offset " + at
                    + ": expected " + len + " bytes, found " + b.position());
            }
        }
        return b.flip();
    }

    private static int rawCrc(ByteBuffer b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b.slice(off, len));
        return ~(int) c.getValue();
    }

    private static String hex(int v) {
        return String.format("0x%08X", v);
    }

    private static IOException bad(Path file, String field, long offset, Object expected, Object found) {
        return new IOException(file + ": undo file field " + field + " at offset " + offset + ": expected "
            + expected + ", found " + found);
    }
}
