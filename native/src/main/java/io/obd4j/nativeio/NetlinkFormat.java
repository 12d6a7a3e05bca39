package io.obd4j.nativeio;

/**
 * Byte layout of netlink and generic-netlink messages ({@code <linux/netlink.h>}, {@code <linux/genetlink.h>}),
 * host (little-endian) byte order. Every message and attribute starts 4-byte aligned.
 *
 * <pre>
 * nlmsghdr (16)   0 u32 nlmsg_len (header + payload, unpadded) | 4 u16 nlmsg_type | 6 u16 nlmsg_flags
 *                 8 u32 nlmsg_seq | 12 u32 nlmsg_pid
 * genlmsghdr (4)  16 u8 cmd | 17 u8 version | 18 u16 reserved
 * nlattr (4)      0 u16 nla_len (4 + payload, unpadded) | 2 u16 nla_type (bit 15 NESTED, bit 14 NET_BYTEORDER)
 *                 payload padded to 4
 * NLMSG_ERROR     16 s32 error (0 = ACK, else -errno) | 20 the offending nlmsghdr (+ its payload)
 * </pre>
 */
public final class NetlinkFormat {
    public static final int NLMSG_ALIGNTO = 4;
    public static final int NLMSG_HDRLEN = 16;
    public static final int LEN_OFFSET = 0;
    public static final int TYPE_OFFSET = 4;
    public static final int FLAGS_OFFSET = 6;
    public static final int SEQ_OFFSET = 8;
    public static final int PID_OFFSET = 12;

    public static final int GENL_HDRLEN = 4;
    public static final int GENL_CMD_OFFSET = 16;
    public static final int GENL_VERSION_OFFSET = 17;
    public static final int GENL_RESERVED_OFFSET = 18;

    public static final int NLA_HDRLEN = 4;
    public static final int NLA_LEN_OFFSET = 0;
    public static final int NLA_TYPE_OFFSET = 2;
    public static final int NLA_F_NESTED = 0x8000;
    public static final int NLA_F_NET_BYTEORDER = 0x4000;
    public static final int NLA_TYPE_MASK = 0x3fff;

    public static final int ERROR_CODE_OFFSET = 16;

    /** nlmsg_type values below 0x10 are control messages. */
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_MULTI = 0x2;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_ECHO = 0x8;

    /** Generic netlink controller ("nlctrl"). */
    public static final int GENL_ID_CTRL = 0x10;
    public static final int CTRL_CMD_NEWFAMILY = 1;
    public static final int CTRL_CMD_GETFAMILY = 3;
    public static final int CTRL_ATTR_FAMILY_ID = 1;
    public static final int CTRL_ATTR_FAMILY_NAME = 2;
    public static final int CTRL_ATTR_VERSION = 3;
    public static final int CTRL_ATTR_HDRSIZE = 4;
    public static final int CTRL_ATTR_MAXATTR = 5;
    public static final int CTRL_ATTR_OPS = 6;
    public static final int CTRL_ATTR_MCAST_GROUPS = 7;
    public static final int CTRL_ATTR_MCAST_GRP_NAME = 1;
    public static final int CTRL_ATTR_MCAST_GRP_ID = 2;

    private NetlinkFormat() {
    }

    /** Rounds up to the 4-byte netlink alignment. */
    public static int align(int length) {
        return (length + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
    }
}
