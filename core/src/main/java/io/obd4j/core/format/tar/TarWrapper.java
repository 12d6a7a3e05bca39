package io.obd4j.core.format.tar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * Writes a layer blob inside the tar layout of {@code overlaybd-commit -t} ({@code TarFile::write_header_trailer},
 * spec §2.9), byte for byte:
 * <pre>
 *   0     PAX header 'x' "overlaybd.pax" (size = record length; mode/uid/gid/mtime left zero)
 *   512   PAX record "&lt;len&gt; size=&lt;payload bytes&gt;\n", zero padded
 *   1024  ustar header '0' "overlaybd.commit": mode from the file, uid/gid 0, uname/gname "root", mtime 0, size 0
 *   1536  payload, zero padded to 512, then two 512-byte zero blocks
 * </pre>
 * While the payload is being written the first 1536 bytes hold overlaybd's placeholder ({@code "xxtar"} magic,
 * {@code "xx"} version, name {@code overlaybd.new}), so a half-written file is not mistaken for a valid tar.
 *
 * <p>The channel's positions are payload positions (0 = byte 1536 of the file), so a {@code ZFileWriter} can
 * overwrite its header through it. {@link #close()} writes the real headers and the trailer; the target file is
 * left open. Not thread-safe.
 */
public final class TarWrapper implements SeekableByteChannel {
    /** {@code S_IFREG | 0644}, what a freshly created commit file has. */
    public static final int DEFAULT_MODE = 0100644;
    /** Bytes before the payload. */
    public static final int HEADER_BYTES = 3 * TarHeaderFormat.BLOCK;

    private final FileChannel target;
    private final int mode;
    private long position;
    private long size;
    private boolean open = true;

    private TarWrapper(FileChannel target, int mode) {
        this.target = target;
        this.mode = mode;
    }

    /** Starts a tar-wrapped blob at offset 0 of {@code target} (an empty file opened for writing). */
    public static TarWrapper create(FileChannel target, int mode) throws IOException {
        TarWrapper w = new TarWrapper(target, mode);
        w.writeAt(ByteBuffer.wrap(placeholder()), 0);
        return w;
    }

    /** The final 1536 header bytes for a payload of {@code payloadSize} bytes. */
    public static byte[] headers(long payloadSize, int mode) {
        byte[] buf = new byte[HEADER_BYTES];
        byte[] pax = new byte[TarHeaderFormat.BLOCK];
        byte[] record = paxRecord("size", Long.toString(payloadSize));
        pax[TarHeaderFormat.TYPEFLAG_OFFSET] = TarHeaderFormat.PAX_HEADER;
        TarHeaderFormat.putString(pax, TarHeaderFormat.NAME_OFFSET, TarHeaderFormat.NAME_LENGTH, "overlaybd.pax");
        TarHeaderFormat.putOctalNoNul(pax, TarHeaderFormat.SIZE_OFFSET, 12, record.length);
        putUstarMagic(pax);
        TarHeaderFormat.putChecksum(pax);
        System.arraycopy(pax, 0, buf, 0, TarHeaderFormat.BLOCK);
        System.arraycopy(record, 0, buf, TarHeaderFormat.BLOCK, record.length);

        byte[] h = new byte[TarHeaderFormat.BLOCK];
        h[TarHeaderFormat.TYPEFLAG_OFFSET] = TarHeaderFormat.REGTYPE;
        TarHeaderFormat.putString(h, TarHeaderFormat.UNAME_OFFSET, TarHeaderFormat.OWNER_NAME_LENGTH, "root");
        TarHeaderFormat.putOctal(h, TarHeaderFormat.UID_OFFSET, 8, 0);
        TarHeaderFormat.putString(h, TarHeaderFormat.GNAME_OFFSET, TarHeaderFormat.OWNER_NAME_LENGTH, "root");
        TarHeaderFormat.putOctal(h, TarHeaderFormat.GID_OFFSET, 8, 0);
        TarHeaderFormat.putOctal(h, TarHeaderFormat.MODE_OFFSET, 8, mode);
        TarHeaderFormat.putOctalNoNul(h, TarHeaderFormat.MTIME_OFFSET, 12, 0);
        TarHeaderFormat.putOctalNoNul(h, TarHeaderFormat.SIZE_OFFSET, 12, 0);
        TarHeaderFormat.putString(h, TarHeaderFormat.NAME_OFFSET, TarHeaderFormat.NAME_LENGTH, "overlaybd.commit");
        putUstarMagic(h);
        TarHeaderFormat.putChecksum(h);
        System.arraycopy(h, 0, buf, 2 * TarHeaderFormat.BLOCK, TarHeaderFormat.BLOCK);
        return buf;
    }

    /** {@code format_pax_record}: the decimal length counts itself. */
    static byte[] paxRecord(String key, String value) {
        int len = key.length() + value.length() + 3;
        len += Integer.toString(len).length();
        String rec = len + " " + key + "=" + value + "\n";
        if (rec.length() != len) {
            rec = rec.length() + " " + key + "=" + value + "\n";
        }
        return rec.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static void putUstarMagic(byte[] h) {
        TarHeaderFormat.putString(h, TarHeaderFormat.MAGIC_OFFSET, 6, "ustar");
        h[TarHeaderFormat.VERSION_OFFSET] = '0';
        h[TarHeaderFormat.VERSION_OFFSET + 1] = '0';
    }

    private static byte[] placeholder() {
        byte[] buf = new byte[HEADER_BYTES];
        byte[] record = paxRecord("size", "0");
        buf[TarHeaderFormat.TYPEFLAG_OFFSET] = TarHeaderFormat.PAX_HEADER;
        TarHeaderFormat.putString(buf, TarHeaderFormat.NAME_OFFSET, TarHeaderFormat.NAME_LENGTH, "overlaybd.pax");
        TarHeaderFormat.putOctalNoNul(buf, TarHeaderFormat.SIZE_OFFSET, 12, record.length);
        System.arraycopy(record, 0, buf, TarHeaderFormat.BLOCK, record.length);
        int h = 2 * TarHeaderFormat.BLOCK;
        TarHeaderFormat.putString(buf, h + TarHeaderFormat.NAME_OFFSET, TarHeaderFormat.NAME_LENGTH, "overlaybd.new");
        buf[h + TarHeaderFormat.VERSION_OFFSET] = 'x';
        buf[h + TarHeaderFormat.VERSION_OFFSET + 1] = 'x';
        TarHeaderFormat.putString(buf, h + TarHeaderFormat.MAGIC_OFFSET, 6, "xxtar");
        TarHeaderFormat.putOctalNoNul(buf, h + TarHeaderFormat.SIZE_OFFSET, 12, 0);
        return buf;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        checkOpen();
        int n = writeAt(src, HEADER_BYTES + position);
        position += n;
        size = Math.max(size, position);
        return n;
    }

    private int writeAt(ByteBuffer src, long at) throws IOException {
        int total = 0;
        while (src.hasRemaining()) {
            total += target.write(src, at + total);
        }
        return total;
    }

    @Override
    public int read(ByteBuffer dst) {
        throw new NonReadableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        checkOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    /** Payload bytes written so far. */
    @Override
    public long size() {
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new UnsupportedOperationException("a tar-wrapped blob is append-only");
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Writes the real headers, the padding and the two zero blocks. The target stays open. */
    @Override
    public void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        writeAt(ByteBuffer.wrap(headers(size, mode)), 0);
        long end = (HEADER_BYTES + size + TarHeaderFormat.BLOCK - 1) / TarHeaderFormat.BLOCK * TarHeaderFormat.BLOCK;
        writeAt(ByteBuffer.allocate(2 * TarHeaderFormat.BLOCK), end);
    }

    private void checkOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
