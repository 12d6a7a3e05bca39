package io.obd4j.nativeio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An {@code AF_UNIX SOCK_DGRAM} socket (the JDK's {@code DatagramChannel} has no unix-domain support on 17).
 * Addresses are file-system paths, or abstract names written with a leading {@code @} as systemd does.
 *
 * <pre>
 * sockaddr_un (110): 0 u16 sun_family = AF_UNIX | 2 char sun_path[108]
 * </pre>
 */
public final class UnixDatagramSocket implements AutoCloseable {
    static final int AF_UNIX = 1;
    private static final int SUN_PATH_OFFSET = 2;
    private static final int SUN_PATH_MAX = 108;

    private final int fd;
    private volatile boolean closed;

    private UnixDatagramSocket(int fd) {
        this.fd = fd;
    }

    public static UnixDatagramSocket open() throws NativeIoException {
        int fd = LibC.INSTANCE.socket(AF_UNIX, NetlinkSocket.SOCK_DGRAM | NetlinkSocket.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new NativeIoException("socket", "AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC, 0", Posix.errno());
        }
        return new UnixDatagramSocket(fd);
    }

    public int fd() {
        return fd;
    }

    /** Binds to {@code address} (path, or {@code @name} for the abstract namespace). */
    public void bind(String address) throws NativeIoException {
        ByteBuffer sa = sockaddr(address);
        if (LibC.INSTANCE.bind(fd, sa, sa.limit()) != 0) {
            throw new NativeIoException("bind", "fd=" + fd + ", AF_UNIX " + address, Posix.errno());
        }
    }

    /** Sends {@code [position, limit)} of {@code datagram} to {@code address} as one datagram. */
    public void send(String address, ByteBuffer datagram) throws NativeIoException {
        Objects.requireNonNull(datagram, "datagram");
        ByteBuffer sa = sockaddr(address);
        int count = datagram.remaining();
        while (true) {
            long n = LibC.INSTANCE.sendto(fd, datagram, count, 0, sa, sa.limit());
            if (n >= 0) {
                datagram.position(datagram.position() + (int) Math.min(n, count));
                return;
            }
            int e = Posix.errno();
            if (e != Errno.EINTR) {
                throw new NativeIoException("sendto", "fd=" + fd + ", count=" + count + ", AF_UNIX " + address, e);
            }
        }
    }

    /**
     * Receives one datagram into {@code [position, limit)} of {@code dst} (excess bytes are dropped by the kernel).
     *
     * @return bytes stored, or -1 if {@code wait} is false and nothing is queued
     */
    public int receive(ByteBuffer dst, boolean wait) throws NativeIoException {
        Objects.requireNonNull(dst, "dst");
        int count = dst.remaining();
        int flags = wait ? 0 : NetlinkSocket.MSG_DONTWAIT;
        while (true) {
            long n = LibC.INSTANCE.recv(fd, dst, count, flags);
            if (n >= 0) {
                int got = (int) Math.min(n, count);
                dst.position(dst.position() + got);
                return got;
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

    /** Encodes {@code address} as a sockaddr_un; the buffer's limit is the address length to pass. */
    static ByteBuffer sockaddr(String address) {
        Objects.requireNonNull(address, "address");
        boolean abstractName = address.startsWith("@");
        byte[] path = (abstractName ? address.substring(1) : address).getBytes(StandardCharsets.UTF_8);
        if (address.isEmpty() || path.length + 1 > SUN_PATH_MAX) {
            throw new IllegalArgumentException("unix socket address length must be 1.." + (SUN_PATH_MAX - 1)
                    + ": " + address);
        }
        ByteBuffer b = ByteBuffer.allocateDirect(SUN_PATH_OFFSET + SUN_PATH_MAX).order(ByteOrder.nativeOrder());
        b.putShort(0, (short) AF_UNIX);
        if (abstractName) {
            b.put(SUN_PATH_OFFSET, (byte) 0);
            b.put(SUN_PATH_OFFSET + 1, path);
            b.limit(SUN_PATH_OFFSET + 1 + path.length);
        } else {
            if (new String(path, StandardCharsets.UTF_8).indexOf('\0') >= 0) {
                throw new IllegalArgumentException("unix socket path contains NUL: " + address);
            }
            b.put(SUN_PATH_OFFSET, path);
            b.put(SUN_PATH_OFFSET + path.length, (byte) 0);
            b.limit(SUN_PATH_OFFSET + path.length + 1);
        }
        return b;
    }

    @Override
    public void close() throws NativeIoException {
        if (!closed) {
            closed = true;
            Posix.close(fd);
        }
    }
}
