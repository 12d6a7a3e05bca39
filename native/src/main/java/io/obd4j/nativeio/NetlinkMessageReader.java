package io.obd4j.nativeio;

import static io.obd4j.nativeio.NetlinkFormat.GENL_HDRLEN;
import static io.obd4j.nativeio.NetlinkFormat.NLMSG_HDRLEN;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Walks the netlink messages of one received datagram (several may be packed in it), layout per
 * {@link NetlinkFormat}. A flyweight: {@link #wrap} and {@link #next} allocate nothing. A length field that does
 * not fit the datagram throws {@link NativeIoException} with {@code EPROTO} naming the field and offset.
 */
public final class NetlinkMessageReader {
    private ByteBuffer buf;
    private int end;
    private int offset;
    private int length;
    private int nextOffset;

    /** Reads the messages in {@code [position, limit)} of {@code buffer}. */
    public NetlinkMessageReader wrap(ByteBuffer buffer) {
        this.buf = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.end = buffer.limit();
        this.offset = -1;
        this.length = 0;
        this.nextOffset = buffer.position();
        return this;
    }

    /** Moves to the next message; false when the datagram is exhausted. */
    public boolean next() throws NativeIoException {
        if (nextOffset + NLMSG_HDRLEN > end) {
            if (nextOffset < end && end - nextOffset >= NetlinkFormat.NLMSG_ALIGNTO) {
                throw malformed("nlmsghdr", nextOffset, NLMSG_HDRLEN + " bytes", (end - nextOffset) + " bytes");
            }
            offset = -1;
            return false;
        }
        int len = buf.getInt(nextOffset + NetlinkFormat.LEN_OFFSET);
        if (len < NLMSG_HDRLEN || len > end - nextOffset) {
            throw malformed("nlmsg_len", nextOffset, "16.." + (end - nextOffset), Integer.toUnsignedString(len));
        }
        offset = nextOffset;
        length = len;
        nextOffset = offset + NetlinkFormat.align(len);
        return true;
    }

    /** Offset of the current message in the buffer. */
    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public int type() {
        return Short.toUnsignedInt(buf.getShort(current() + NetlinkFormat.TYPE_OFFSET));
    }

    public int flags() {
        return Short.toUnsignedInt(buf.getShort(current() + NetlinkFormat.FLAGS_OFFSET));
    }

    public int seq() {
        return buf.getInt(current() + NetlinkFormat.SEQ_OFFSET);
    }

    public int pid() {
        return buf.getInt(current() + NetlinkFormat.PID_OFFSET);
    }

    public boolean isError() {
        return type() == NetlinkFormat.NLMSG_ERROR;
    }

    /** For NLMSG_ERROR: 0 for an ACK, otherwise the negative errno. */
    public int errorCode() throws NativeIoException {
        requireLength(NLMSG_HDRLEN + 4, "nlmsgerr.error");
        return buf.getInt(current() + NetlinkFormat.ERROR_CODE_OFFSET);
    }

    /** Sequence number of the request an NLMSG_ERROR answers (0 when the kernel cut the echoed header). */
    public int errorRequestSeq() {
        if (length < NLMSG_HDRLEN + 4 + NLMSG_HDRLEN) {
            return 0;
        }
        return buf.getInt(current() + NLMSG_HDRLEN + 4 + NetlinkFormat.SEQ_OFFSET);
    }

    public int genlCmd() throws NativeIoException {
        requireLength(NLMSG_HDRLEN + GENL_HDRLEN, "genlmsghdr");
        return Byte.toUnsignedInt(buf.get(current() + NetlinkFormat.GENL_CMD_OFFSET));
    }

    public int genlVersion() throws NativeIoException {
        requireLength(NLMSG_HDRLEN + GENL_HDRLEN, "genlmsghdr");
        return Byte.toUnsignedInt(buf.get(current() + NetlinkFormat.GENL_VERSION_OFFSET));
    }

    /** Points {@code cursor} at the attributes after the genlmsghdr of the current message. */
    public NetlinkAttributeReader genlAttributes(NetlinkAttributeReader cursor) throws NativeIoException {
        requireLength(NLMSG_HDRLEN + GENL_HDRLEN, "genlmsghdr");
        int start = current() + NLMSG_HDRLEN + GENL_HDRLEN;
        return cursor.wrap(buf, start, current() + length);
    }

    private int current() {
        if (offset < 0) {
            throw new IllegalStateException("no current netlink message: call next() first");
        }
        return offset;
    }

    private void requireLength(int min, String field) throws NativeIoException {
        if (length < min) {
            throw malformed(field, current(), "message of at least " + min + " bytes", length + " bytes");
        }
    }

    static NativeIoException malformed(String field, int at, String expected, String found) {
        return new NativeIoException("netlink", "field=" + field + ", offset=" + at, Errno.EPROTO,
                "malformed message: expected " + expected + ", found " + found);
    }
}
