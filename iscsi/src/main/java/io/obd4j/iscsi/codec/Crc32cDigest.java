package io.obd4j.iscsi.codec;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The iSCSI header and data digest (RFC 7143 section 13.1): standard CRC32C (Castagnoli), sent as the 4 bytes of the
 * CRC in little-endian order (RFC 3720 appendix B.4: 32 zero bytes give {@code aa 36 91 8a}).
 * One instance per connection; not thread-safe.
 */
public final class Crc32cDigest {
    private final CRC32C crc = new CRC32C();

    /** CRC32C of {@code length} bytes of {@code buf} from {@code index}, without moving its indexes. */
    public int compute(ByteBuf buf, int index, int length) {
        crc.reset();
        update(buf, index, length);
        return (int) crc.getValue();
    }

    /** Continues the running CRC with more bytes. */
    public void update(ByteBuf buf, int index, int length) {
        if (length == 0) {
            return;
        }
        if (buf.nioBufferCount() == 1) {
            crc.update(buf.nioBuffer(index, length));
        } else {
            for (ByteBuffer part : buf.nioBuffers(index, length)) {
                crc.update(part);
            }
        }
    }

    public void reset() {
        crc.reset();
    }

    public void updateZeros(int count) {
        for (int i = 0; i < count; i++) {
            crc.update(0);
        }
    }

    public int value() {
        return (int) crc.getValue();
    }

    /** Reads a digest as stored on the wire. */
    public static int read(ByteBuf buf, int index) {
        return buf.getIntLE(index);
    }

    /** Writes a digest in wire order. */
    public static void write(ByteBuf buf, int digest) {
        buf.writeIntLE(digest);
    }
}
