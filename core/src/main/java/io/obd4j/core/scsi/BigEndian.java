package io.obd4j.core.scsi;

import java.nio.ByteBuffer;

/**
 * Big-endian field access by absolute index that ignores the buffer's own byte order (a caller may hand in a
 * native-order view of a TCMU ring, for example).
 */
final class BigEndian {
    private BigEndian() {
    }

    static int u16(ByteBuffer b, int at) {
        return (b.get(at) & 0xFF) << 8 | b.get(at + 1) & 0xFF;
    }

    static long u32(ByteBuffer b, int at) {
        return (long) u16(b, at) << 16 | u16(b, at + 2);
    }

    static long s64(ByteBuffer b, int at) {
        return u32(b, at) << 32 | u32(b, at + 4);
    }

    static void put16(ByteBuffer b, int at, int value) {
        b.put(at, (byte) (value >>> 8));
        b.put(at + 1, (byte) value);
    }

    static void put32(ByteBuffer b, int at, long value) {
        put16(b, at, (int) (value >>> 16));
        put16(b, at + 2, (int) value);
    }
}
