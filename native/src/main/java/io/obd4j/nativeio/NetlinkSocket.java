package io.obd4j.nativeio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * An {@code AF_NETLINK} raw socket bound to an automatic port id, exchanging whole datagrams with the kernel.
 * Send and receive may run on different threads; each direction must have a single user.
 *
 * <pre>
 * sockaddr_nl (12): 0 u16 nl_family = AF_NETLINK | 2 u16 pad | 4 u32 nl_pid | 8 u32 nl_groups
 * </pre>
 */
public final class NetlinkSocket implements AutoCloseable {
    public static final int AF_NETLINK = 16;
    public static final int NETLINK_GENERIC = 16;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SOL_NETLINK = 270;
    public static final int NETLINK_ADD_MEMBERSHIP = 1;
    public static final int NETLINK_DROP_MEMBERSHIP = 2;
    public static final int NETLINK_NO_ENOBUFS = 5;

    static final int SOCK_RAW = 3;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_TRUNC = 0x20;
    private static final int SOCKADDR_NL_SIZE = 12;

    private final int fd;
    private final int protocol;
    private final ByteBuffer kernelAddress;
    private final ByteBuffer option;
    private volatile boolean closed;

    private NetlinkSocket(int fd, int protocol) {
        this.fd = fd;
        this.protocol = protocol;
        this.kernelAddress = sockaddrNl(0, 0);
        this.option = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
    }

    /** Opens and binds a socket of {@code protocol} (e.g. {@link #NETLINK_GENERIC}). */
    public static NetlinkSocket open(int protocol) throws NativeIoException {
        int fd = LibC.INSTANCE.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            throw new NativeIoException("socket", "AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, protocol=" + protocol,
                    Posix.errno());
        }
        NetlinkSocket socket = new NetlinkSocket(fd, protocol);
        ByteBuffer local = sockaddrNl(0, 0);
        if (LibC.INSTANCE.bind(fd, local, SOCKADDR_NL_SIZE) != 0) {
            int e = Posix.errno();
            LibC.INSTANCE.close(fd);
            throw new NativeIoException("bind", "fd=" + fd + ", AF_NETLINK pid=0 groups=0", e);
        }
        return socket;
    }

    private static ByteBuffer sockaddrNl(int pid, int groups) {
        ByteBuffer b = ByteBuffer.allocateDirect(SOCKADDR_NL_SIZE).order(ByteOrder.nativeOrder());
        b.putShort(0, (short) AF_NETLINK).putShort(2, (short) 0).putInt(4, pid).putInt(8, groups);
        return b;
    }

    public int fd() {
        return fd;
    }

    public int protocol() {
        return protocol;
    }

    /** Sends {@code [position, limit)} of {@code message} to the kernel as one datagram; advances the position. */
    public void send(ByteBuffer message) throws NativeIoException {
        Objects.requireNonNull(message, "message");
        int count = message.remaining();
        if (count < NetlinkFormat.NLMSG_HDRLEN) {
            throw new IllegalArgumentException("netlink message shorter than its header: " + count);
        }
        while (true) {
            long n = LibC.INSTANCE.sendto(fd, message, count, 0, kernelAddress, SOCKADDR_NL_SIZE);
            if (n == count) {
                message.position(message.limit());
                return;
            }
            if (n >= 0) {
                throw new NativeIoException("sendto", "fd=" + fd + ", count=" + count, Errno.EMSGSIZE,
                        "short send of " + n + " bytes");
            }
            int e = Posix.errno();
            if (e != Errno.EINTR) {
                throw new NativeIoException("sendto", "fd=" + fd + ", count=" + count, e);
            }
        }
    }

    /**
     * Receives one datagram into {@code [position, limit)} of {@code dst}, advancing the position by its length.
     * A datagram larger than the room left throws {@code EMSGSIZE} (the datagram is lost). {@code ENOBUFS} means
     * the kernel dropped messages for this socket.
     *
     * @param wait false for a non-blocking receive
     * @return the datagram length, or -1 when {@code wait} is false and nothing is queued
     */
    public int receive(ByteBuffer dst, boolean wait) throws NativeIoException {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read-only destination buffer");
        }
        int count = dst.remaining();
        int flags = MSG_TRUNC | (wait ? 0 : MSG_DONTWAIT);
        while (true) {
            long n = LibC.INSTANCE.recv(fd, dst, count, flags);
            if (n >= 0) {
                if (n > count) {
                    throw new NativeIoException("recv", "fd=" + fd + ", count=" + count, Errno.EMSGSIZE,
                            "datagram of " + n + " bytes truncated");
                }
                dst.position(dst.position() + (int) n);
                return (int) n;
            }
            int e = Posix.errno();
            if (e == Errno.EAGAIN && !wait) {
                return -1;
            }
            if (e != Errno.EINTR) {
                throw new NativeIoException("recv", "fd=" + fd + ", count=" + count, e);
            }
        }
    }

    /** Joins multicast group {@code groupId} ({@code NETLINK_ADD_MEMBERSHIP}). */
    public void joinGroup(int groupId) throws NativeIoException {
        setIntOption(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, groupId, "NETLINK_ADD_MEMBERSHIP");
    }

    public void leaveGroup(int groupId) throws NativeIoException {
        setIntOption(SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, groupId, "NETLINK_DROP_MEMBERSHIP");
    }

    /** {@code NETLINK_NO_ENOBUFS}: do not report ENOBUFS when the receive queue overflows. */
    public void setNoEnobufs(boolean on) throws NativeIoException {
        setIntOption(SOL_NETLINK, NETLINK_NO_ENOBUFS, on ? 1 : 0, "NETLINK_NO_ENOBUFS");
    }

    /**
     * Sets the receive buffer: {@code SO_RCVBUFFORCE} (needs CAP_NET_ADMIN), falling back to {@code SO_RCVBUF}.
     *
     * @return true if the forced size was accepted
     */
    public boolean setReceiveBuffer(int bytes) throws NativeIoException {
        try {
            setIntOption(SOL_SOCKET, SO_RCVBUFFORCE, bytes, "SO_RCVBUFFORCE");
            return true;
        } catch (NativeIoException e) {
            if (e.errno() != Errno.EPERM) {
                throw e;
            }
        }
        setIntOption(SOL_SOCKET, SO_RCVBUF, bytes, "SO_RCVBUF");
        return false;
    }

    private synchronized void setIntOption(int level, int name, int value, String label) throws NativeIoException {
        option.clear();
        option.putInt(0, value);
        if (LibC.INSTANCE.setsockopt(fd, level, name, option, 4) != 0) {
            throw new NativeIoException("setsockopt", "fd=" + fd + ", " + label + "=" + value, Posix.errno());
        }
    }

    @Override
    public void close() throws NativeIoException {
        if (!closed) {
            closed = true;
            Posix.close(fd);
        }
    }
}
