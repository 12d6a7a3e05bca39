package io.obd4j.nativeio;

import static io.obd4j.nativeio.NetlinkFormat.NLA_HDRLEN;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Cursor over a run of netlink attributes ({@link NetlinkFormat} nlattr), including nested ones. A flyweight:
 * reusable through {@link #wrap}. Lengths that do not fit the enclosing message throw {@link NativeIoException}
 * ({@code EPROTO}); typed getters check the payload size.
 */
public final class NetlinkAttributeReader {
    private ByteBuffer buf;
    private int start;
    private int end;
    private int offset;
    private int payloadLength;
    private int nextOffset;

    public NetlinkAttributeReader wrap(ByteBuffer buffer, int from, int to) {
        if (from < 0 || to > buffer.limit() || from > to) {
            throw new IndexOutOfBoundsException("attribute run [" + from + ", " + to + ") outside the buffer");
        }
        this.buf = buffer;
        this.start = from;
        this.end = to;
        rewind();
        return this;
    }

    /** Starts again at the first attribute. */
    public NetlinkAttributeReader rewind() {
        offset = -1;
        nextOffset = start;
        return this;
    }

    public boolean next() throws NativeIoException {
        if (nextOffset + NLA_HDRLEN > end) {
            offset = -1;
            return false;
        }
        int len = Short.toUnsignedInt(buf.getShort(nextOffset + NetlinkFormat.NLA_LEN_OFFSET));
        if (len < NLA_HDRLEN || len > end - nextOffset) {
            throw NetlinkMessageReader.malformed("nla_len", nextOffset, "4.." + (end - nextOffset),
                    Integer.toString(len));
        }
        offset = nextOffset;
        payloadLength = len - NLA_HDRLEN;
        nextOffset = Math.min(end, offset + NetlinkFormat.align(len));
        return true;
    }

    /** Scans from the start for an attribute of {@code type}; leaves the cursor on it. */
    public boolean find(int type) throws NativeIoException {
        rewind();
        while (next()) {
            if (type() == type) {
                return true;
            }
        }
        return false;
    }

    public int type() {
        return Short.toUnsignedInt(buf.getShort(current() + NetlinkFormat.NLA_TYPE_OFFSET))
                & NetlinkFormat.NLA_TYPE_MASK;
    }

    public int payloadOffset() {
        return current() + NLA_HDRLEN;
    }

    public int payloadLength() {
        current();
        return payloadLength;
    }

    public int u8() throws NativeIoException {
        need(1, "u8");
        return Byte.toUnsignedInt(buf.get(payloadOffset()));
    }

    public int u16() throws NativeIoException {
        need(2, "u16");
        return Short.toUnsignedInt(buf.getShort(payloadOffset()));
    }

    public int u32() throws NativeIoException {
        need(4, "u32");
        return buf.getInt(payloadOffset());
    }

    public long u64() throws NativeIoException {
        need(8, "u64");
        return buf.getLong(payloadOffset());
    }

    /** The payload as UTF-8 up to the first NUL (or its end). */
    public String string() {
        int p = payloadOffset();
        int n = 0;
        while (n < payloadLength && buf.get(p + n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        buf.get(p, bytes, 0, n);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Points {@code child} at the attributes nested in the current one. */
    public NetlinkAttributeReader nested(NetlinkAttributeReader child) {
        int p = payloadOffset();
        return child.wrap(buf, p, p + payloadLength);
    }

    private int current() {
        if (offset < 0) {
            throw new IllegalStateException("no current attribute: call next() first");
        }
        return offset;
    }

    private void need(int size, String kind) throws NativeIoException {
        if (payloadLength() < size) {
            throw NetlinkMessageReader.malformed("nla type " + type() + " (" + kind + ")", offset,
                    size + " payload bytes", payloadLength + " bytes");
        }
    }
}
