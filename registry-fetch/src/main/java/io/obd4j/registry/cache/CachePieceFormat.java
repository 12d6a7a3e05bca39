package io.obd4j.registry.cache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Layout of one cached piece file (obd4j's own format, little-endian):
 *
 * <pre>
 * | offset      | size          | field       | value                                              |
 * |-------------|---------------|-------------|----------------------------------------------------|
 * | 0           | 4             | magic       | 0x5043424F ("OBCP")                                |
 * | 4           | 4             | version     | 1                                                  |
 * | 8           | 4             | dataLength  | bytes of blob data in the piece (≤ refill size)    |
 * | 12          | 4             | pageSize    | 4096                                               |
 * | 16          | 4             | pageCount   | ceil(dataLength / pageSize)                        |
 * | 20          | 4             | headerCrc   | CRC32C of bytes [0, 20) and of the page CRC table  |
 * | 24          | 4 * pageCount | pageCrc[i]  | CRC32C (java.util.zip.CRC32C) of data page i       |
 * | dataOffset  | dataLength    | data        | dataOffset = align up(24 + 4 * pageCount, 4096)    |
 * </pre>
 *
 * A valid file is exactly {@code dataOffset + dataLength} bytes long.
 */
public final class CachePieceFormat {
    public static final int MAGIC = 0x5043424F;
    public static final int VERSION = 1;
    public static final int PAGE_SIZE = 4096;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int DATA_LENGTH_OFFSET = 8;
    public static final int PAGE_SIZE_OFFSET = 12;
    public static final int PAGE_COUNT_OFFSET = 16;
    public static final int HEADER_CRC_OFFSET = 20;
    public static final int PAGE_CRC_OFFSET = 24;

    private CachePieceFormat() {
    }

    public static int pageCount(int dataLength) {
        return (dataLength + PAGE_SIZE - 1) / PAGE_SIZE;
    }

    public static int dataOffset(int dataLength) {
        int end = PAGE_CRC_OFFSET + 4 * pageCount(dataLength);
        return (end + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
    }

    /** CRC32C of {@code data[off, off+len)}. */
    public static int crc(byte[] data, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(data, off, len);
        return (int) c.getValue();
    }

    /** The header (magic … page CRC table), padded to {@link #dataOffset}, for {@code data[0, dataLength)}. */
    public static ByteBuffer header(byte[] data, int dataLength) {
        int pages = pageCount(dataLength);
        ByteBuffer h = ByteBuffer.allocate(dataOffset(dataLength)).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(MAGIC_OFFSET, MAGIC).putInt(VERSION_OFFSET, VERSION).putInt(DATA_LENGTH_OFFSET, dataLength)
                .putInt(PAGE_SIZE_OFFSET, PAGE_SIZE).putInt(PAGE_COUNT_OFFSET, pages);
        for (int i = 0; i < pages; i++) {
            int off = i * PAGE_SIZE;
            h.putInt(PAGE_CRC_OFFSET + 4 * i, crc(data, off, Math.min(PAGE_SIZE, dataLength - off)));
        }
        h.putInt(HEADER_CRC_OFFSET, headerCrc(h, pages));
        return h;
    }

    static int headerCrc(ByteBuffer h, int pages) {
        CRC32C c = new CRC32C();
        c.update(h.duplicate().position(0).limit(HEADER_CRC_OFFSET));
        c.update(h.duplicate().position(PAGE_CRC_OFFSET).limit(PAGE_CRC_OFFSET + 4 * pages));
        return (int) c.getValue();
    }

    /**
     * Validates a header read from a file of {@code fileSize} bytes holding a piece of {@code expectedLength} bytes;
     * returns the page CRC table, or null (with the reason in {@code why[0]}) when the file is not a good piece.
     */
    public static int[] parse(ByteBuffer h, long fileSize, int expectedLength, String[] why) {
        h = h.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (h.limit() < PAGE_CRC_OFFSET) {
            why[0] = "header truncated: " + h.limit() + " bytes";
            return null;
        }
        int len = h.getInt(DATA_LENGTH_OFFSET);
        int pages = h.getInt(PAGE_COUNT_OFFSET);
        if (h.getInt(MAGIC_OFFSET) != MAGIC || h.getInt(VERSION_OFFSET) != VERSION
                || h.getInt(PAGE_SIZE_OFFSET) != PAGE_SIZE) {
            why[0] = "bad magic/version/page size";
        } else if (len != expectedLength || pages != pageCount(len)) {
            why[0] = "dataLength " + len + " (pages " + pages + "), expected " + expectedLength;
        } else if (fileSize != (long) dataOffset(len) + len) {
            why[0] = "file size " + fileSize + ", expected " + ((long) dataOffset(len) + len);
        } else if (h.limit() < PAGE_CRC_OFFSET + 4 * pages) {
            why[0] = "page CRC table truncated";
        } else if (headerCrc(h, pages) != h.getInt(HEADER_CRC_OFFSET)) {
            why[0] = "header CRC mismatch";
        } else {
            int[] crcs = new int[pages];
            for (int i = 0; i < pages; i++) {
                crcs[i] = h.getInt(PAGE_CRC_OFFSET + 4 * i);
            }
            return crcs;
        }
        return null;
    }
}
