package io.obd4j.nativeio;

import static io.obd4j.nativeio.NetlinkFormat.GENL_CMD_OFFSET;
import static io.obd4j.nativeio.NetlinkFormat.GENL_HDRLEN;
import static io.obd4j.nativeio.NetlinkFormat.GENL_RESERVED_OFFSET;
import static io.obd4j.nativeio.NetlinkFormat.GENL_VERSION_OFFSET;
import static io.obd4j.nativeio.NetlinkFormat.NLA_F_NESTED;
import static io.obd4j.nativeio.NetlinkFormat.NLA_HDRLEN;
import static io.obd4j.nativeio.NetlinkFormat.NLMSG_HDRLEN;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds one netlink message (nlmsghdr, optional genlmsghdr, attributes) into a caller-owned buffer, layout per
 * {@link NetlinkFormat}. Overflowing the buffer throws {@link IndexOutOfBoundsException}; nothing is written past
 * its limit. Padding bytes are always zero. Reusable: {@link #begin} starts over.
 */
public final class NetlinkMessageWriter {
    private final ByteBuffer buf;
    private int length;

    /** Writes from index 0 of {@code buffer} up to its capacity; the byte order is set to little-endian. */
    public NetlinkMessageWriter(ByteBuffer buffer) {
        this.buf = buffer.order(ByteOrder.LITTLE_ENDIAN);
    }

    public NetlinkMessageWriter begin(int type, int flags, int seq, int pid) {
        buf.clear();
        length = 0;
        reserve(NLMSG_HDRLEN);
        buf.putShort(NetlinkFormat.TYPE_OFFSET, (short) type);
        buf.putShort(NetlinkFormat.FLAGS_OFFSET, (short) flags);
        buf.putInt(NetlinkFormat.SEQ_OFFSET, seq);
        buf.putInt(NetlinkFormat.PID_OFFSET, pid);
        length = NLMSG_HDRLEN;
        return this;
    }

    /** Appends the generic netlink header; must directly follow {@link #begin}. */
    public NetlinkMessageWriter genl(int cmd, int version) {
        if (length != NLMSG_HDRLEN) {
            throw new IllegalStateException("genlmsghdr must follow nlmsghdr");
        }
        reserve(GENL_HDRLEN);
        buf.put(GENL_CMD_OFFSET, (byte) cmd);
        buf.put(GENL_VERSION_OFFSET, (byte) version);
        buf.putShort(GENL_RESERVED_OFFSET, (short) 0);
        length += GENL_HDRLEN;
        return this;
    }

    public NetlinkMessageWriter putU8(int type, int value) {
        int p = attribute(type, 1);
        buf.put(p, (byte) value);
        return this;
    }

    public NetlinkMessageWriter putU16(int type, int value) {
        int p = attribute(type, 2);
        buf.putShort(p, (short) value);
        return this;
    }

    public NetlinkMessageWriter putU32(int type, int value) {
        int p = attribute(type, 4);
        buf.putInt(p, value);
        return this;
    }

    public NetlinkMessageWriter putU64(int type, long value) {
        int p = attribute(type, 8);
        buf.putLong(p, value);
        return this;
    }

    /** A NUL-terminated string attribute. */
    public NetlinkMessageWriter putString(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int p = attribute(type, bytes.length + 1);
        buf.put(p, bytes);
        buf.put(p + bytes.length, (byte) 0);
        return this;
    }

    /** Opens a nested attribute; returns a mark for {@link #endNested}. */
    public int beginNested(int type) {
        int start = length;
        attribute(type | NLA_F_NESTED, 0);
        return start;
    }

    public NetlinkMessageWriter endNested(int mark) {
        if (mark < NLMSG_HDRLEN || mark + NLA_HDRLEN > length) {
            throw new IllegalArgumentException("bad nested-attribute mark " + mark);
        }
        buf.putShort(mark + NetlinkFormat.NLA_LEN_OFFSET, (short) (length - mark));
        return this;
    }

    /** Current message length. */
    public int length() {
        return length;
    }

    /** Stores the length into nlmsghdr and returns the buffer with position 0 and limit = message length. */
    public ByteBuffer finish() {
        buf.putInt(NetlinkFormat.LEN_OFFSET, length);
        buf.limit(length).position(0);
        return buf;
    }

    private int attribute(int type, int payload) {
        int total = NetlinkFormat.align(NLA_HDRLEN + payload);
        if (NLA_HDRLEN + payload > 0xffff) {
            throw new IllegalArgumentException("attribute too long: " + payload);
        }
        reserve(total);
        int start = length;
        buf.putShort(start + NetlinkFormat.NLA_LEN_OFFSET, (short) (NLA_HDRLEN + payload));
        buf.putShort(start + NetlinkFormat.NLA_TYPE_OFFSET, (short) type);
        for (int i = start + NLA_HDRLEN + payload; i < start + total; i++) {
            buf.put(i, (byte) 0);
        }
        length += total;
        return start + NLA_HDRLEN;
    }

    private void reserve(int bytes) {
        if (length + bytes > buf.capacity()) {
            throw new IndexOutOfBoundsException("netlink message of " + (length + bytes)
                    + " bytes does not fit a buffer of " + buf.capacity());
        }
    }
}
