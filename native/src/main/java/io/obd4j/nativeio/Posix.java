package io.obd4j.nativeio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Objects;
import jnr.ffi.Pointer;

/**
 * The public face of libc: every call checks its arguments before going native (a buffer/length pair that does
 * not fit throws {@link IndexOutOfBoundsException}, a negative offset {@link IllegalArgumentException}), retries
 * on {@code EINTR} and turns {@code -1} into a {@link NativeIoException} naming the call, its arguments and errno.
 *
 * <p>Buffers are read or filled from {@code position()} up to {@code limit()} and their position is advanced by
 * the bytes transferred, like {@link java.nio.channels.FileChannel}. Heap and direct buffers both work; direct
 * ones avoid a copy.
 */
public final class Posix {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0x40;
    public static final int O_EXCL = 0x80;
    public static final int O_TRUNC = 0x200;
    public static final int O_APPEND = 0x400;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_DSYNC = 0x1000;
    public static final int O_DIRECT = 0x4000;
    public static final int O_CLOEXEC = 0x80000;

    /** {@code fallocate} mode bits ({@code <linux/falloc.h>}). */
    public static final int FALLOC_FL_KEEP_SIZE = 0x01;
    public static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    public static final int FALLOC_FL_ZERO_RANGE = 0x10;

    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;
    public static final int SEEK_DATA = 3;
    public static final int SEEK_HOLE = 4;

    private static final int SOCK_SEQPACKET = 5;

    /** {@link #preadNoWait}: nothing could be read without waiting for the device. */
    public static final int WOULD_BLOCK = -1;
    /** {@code <linux/fs.h>}: fail with EAGAIN rather than wait for I/O or a lock. */
    private static final int RWF_NOWAIT = 0x08;
    private static final int POSIX_FADV_DONTNEED = 4;
    /** One {@code struct iovec} per thread (base, length), native byte order. */
    private static final ThreadLocal<ByteBuffer> IOVEC = ThreadLocal.withInitial(
        () -> ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder()));

    private static final LibC.Calls LIBC = LibC.INSTANCE;

    private Posix() {
    }

    /** The errno of the last native call on this thread. */
    static int errno() {
        return LibC.RUNTIME.getLastError();
    }

    /** {@code strerror(errno)}, never null. */
    public static String strerror(int errno) {
        String s = LIBC.strerror(errno);
        return s == null ? "errno " + errno : s;
    }

    /** {@code open(2)}: returns the new file descriptor. {@code O_CLOEXEC} is always added. */
    public static int open(Path path, int flags, int mode) throws NativeIoException {
        Objects.requireNonNull(path, "path");
        String p = path.toString();
        if (p.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path contains NUL: " + p);
        }
        while (true) {
            int fd = LIBC.open(p, flags | O_CLOEXEC, mode);
            if (fd >= 0) {
                return fd;
            }
            int e = errno();
            if (e != Errno.EINTR) {
                throw new NativeIoException("open", "path=" + p + ", flags=0x" + Integer.toHexString(flags)
                        + ", mode=0" + Integer.toOctalString(mode), e);
            }
        }
    }

    /** {@code close(2)}; never retried on EINTR (Linux releases the descriptor anyway). */
    public static void close(int fd) throws NativeIoException {
        checkFd(fd);
        if (LIBC.close(fd) != 0) {
            int e = errno();
            if (e != Errno.EINTR) {
                throw new NativeIoException("close", "fd=" + fd, e);
            }
        }
    }

    /**
     * {@code pread(2)} of up to {@code dst.remaining()} bytes at {@code offset}; advances the position.
     *
     * @return bytes read, 0 at end of file
     */
    public static int pread(int fd, ByteBuffer dst, long offset) throws NativeIoException {
        checkFd(fd);
        checkOffset(offset);
        checkWritable(dst);
        int count = dst.remaining();
        if (count == 0) {
            return 0;
        }
        while (true) {
            long n = LIBC.pread(fd, dst, count, offset);
            if (n >= 0) {
                return advance(dst, n, count, "pread");
            }
            int e = errno();
            if (e != Errno.EINTR) {
                throw new NativeIoException("pread", "fd=" + fd + ", count=" + count + ", offset=" + offset, e);
            }
        }
    }

    /**
     * {@code preadv2(RWF_NOWAIT)} into a direct buffer: copies only bytes the page cache already holds and never
     * waits for the device (nor for a lock the kernel would sleep on), so an event loop may call it. Returns the
     * bytes read (position advanced; fewer than {@code remaining()} when only part is cached, 0 at end of file), or
     * {@link #WOULD_BLOCK} when nothing could be read without waiting or the file system has no {@code RWF_NOWAIT}.
     */
    public static int preadNoWait(int fd, ByteBuffer dst, long offset) throws NativeIoException {
        checkFd(fd);
        checkOffset(offset);
        checkWritable(dst);
        if (!dst.isDirect()) {
            throw new IllegalArgumentException("preadNoWait: expected a direct buffer, got a heap buffer");
        }
        int count = dst.remaining();
        if (count == 0) {
            return 0;
        }
        ByteBuffer iov = IOVEC.get();
        iov.putLong(0, Pointer.wrap(LibC.RUNTIME, dst.slice(dst.position(), count)).address());
        iov.putLong(8, count);
        while (true) {
            long n = LIBC.preadv2(fd, iov, 1, offset, RWF_NOWAIT);
            if (n >= 0) {
                return advance(dst, n, count, "preadv2");
            }
            int e = errno();
            if (e == Errno.EAGAIN || e == Errno.EOPNOTSUPP || e == Errno.ENOSYS) {
                return WOULD_BLOCK;
            }
            if (e != Errno.EINTR) {
                throw new NativeIoException("preadv2", "fd=" + fd + ", count=" + count + ", offset=" + offset
                        + ", flags=RWF_NOWAIT", e);
            }
        }
    }

    /**
     * {@code posix_fadvise(POSIX_FADV_DONTNEED)}: drops the clean page-cache pages of the range (dirty ones stay
     * until written back), e.g. after a bulk copy that should not push hot pages out.
     */
    public static void dropCache(int fd, long offset, long length) throws NativeIoException {
        checkFd(fd);
        checkOffset(offset);
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        int e = LIBC.posix_fadvise(fd, offset, length, POSIX_FADV_DONTNEED);
        if (e != 0) {
            throw new NativeIoException("posix_fadvise", "fd=" + fd + ", offset=" + offset + ", length=" + length
                    + ", advice=POSIX_FADV_DONTNEED", e);
        }
    }

    /** Reads until {@code dst} is full or end of file; returns the bytes read. */
    public static int preadFully(int fd, ByteBuffer dst, long offset) throws NativeIoException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = pread(fd, dst, offset + total);
            if (n == 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** {@code pwrite(2)} of up to {@code src.remaining()} bytes at {@code offset}; advances the position. */
    public static int pwrite(int fd, ByteBuffer src, long offset) throws NativeIoException {
        checkFd(fd);
        checkOffset(offset);
        Objects.requireNonNull(src, "src");
        int count = src.remaining();
        if (count == 0) {
            return 0;
        }
        while (true) {
            long n = LIBC.pwrite(fd, src, count, offset);
            if (n >= 0) {
                return advance(src, n, count, "pwrite");
            }
            int e = errno();
            if (e != Errno.EINTR) {
                throw new NativeIoException("pwrite", "fd=" + fd + ", count=" + count + ", offset=" + offset, e);
            }
        }
    }

    /** Writes all of {@code src} at {@code offset}. */
    public static void pwriteFully(int fd, ByteBuffer src, long offset) throws NativeIoException {
        long pos = offset;
        while (src.hasRemaining()) {
            pos += pwrite(fd, src, pos);
        }
    }

    /**
     * {@code read(2)} of up to {@code dst.remaining()} bytes; advances the position.
     *
     * @return bytes read, 0 at end of file, -1 when a non-blocking descriptor has nothing ({@code EAGAIN})
     */
    public static int read(int fd, ByteBuffer dst) throws NativeIoException {
        checkFd(fd);
        checkWritable(dst);
        int count = dst.remaining();
        while (true) {
            long n = LIBC.read(fd, dst, count);
            if (n >= 0) {
                return advance(dst, n, count, "read");
            }
            int e = errno();
            if (e == Errno.EAGAIN) {
                return -1;
            }
            if (e != Errno.EINTR) {
                throw new NativeIoException("read", "fd=" + fd + ", count=" + count, e);
            }
        }
    }

    /**
     * {@code write(2)} of up to {@code src.remaining()} bytes; advances the position.
     *
     * @return bytes written, -1 when a non-blocking descriptor is full ({@code EAGAIN})
     */
    public static int write(int fd, ByteBuffer src) throws NativeIoException {
        checkFd(fd);
        Objects.requireNonNull(src, "src");
        int count = src.remaining();
        while (true) {
            long n = LIBC.write(fd, src, count);
            if (n >= 0) {
                return advance(src, n, count, "write");
            }
            int e = errno();
            if (e == Errno.EAGAIN) {
                return -1;
            }
            if (e != Errno.EINTR) {
                throw new NativeIoException("write", "fd=" + fd + ", count=" + count, e);
            }
        }
    }

    /** {@code lseek(2)}: returns the resulting offset. */
    public static long lseek(int fd, long offset, int whence) throws NativeIoException {
        checkFd(fd);
        long r = LIBC.lseek(fd, offset, whence);
        if (r < 0) {
            throw new NativeIoException("lseek", "fd=" + fd + ", offset=" + offset + ", whence=" + whence, errno());
        }
        return r;
    }

    /** First data byte at or after {@code offset} ({@code SEEK_DATA}); -1 when there is none (ENXIO). */
    public static long seekData(int fd, long offset) throws NativeIoException {
        return seekHoleOrData(fd, offset, SEEK_DATA, "SEEK_DATA");
    }

    /** First hole at or after {@code offset} ({@code SEEK_HOLE}; end of file counts); -1 past the end (ENXIO). */
    public static long seekHole(int fd, long offset) throws NativeIoException {
        return seekHoleOrData(fd, offset, SEEK_HOLE, "SEEK_HOLE");
    }

    private static long seekHoleOrData(int fd, long offset, int whence, String name) throws NativeIoException {
        checkFd(fd);
        checkOffset(offset);
        long r = LIBC.lseek(fd, offset, whence);
        if (r >= 0) {
            return r;
        }
        int e = errno();
        if (e == Errno.ENXIO) {
            return -1;
        }
        throw new NativeIoException("lseek", "fd=" + fd + ", offset=" + offset + ", whence=" + name, e);
    }

    /** {@code fallocate(2)}; {@code mode} from the {@code FALLOC_FL_*} constants. */
    public static void fallocate(int fd, int mode, long offset, long length) throws NativeIoException {
        checkFd(fd);
        checkOffset(offset);
        if (length <= 0) {
            throw new IllegalArgumentException("fallocate length must be positive: " + length);
        }
        while (LIBC.fallocate(fd, mode, offset, length) != 0) {
            int e = errno();
            if (e != Errno.EINTR) {
                throw new NativeIoException("fallocate", "fd=" + fd + ", mode=0x" + Integer.toHexString(mode)
                        + ", offset=" + offset + ", length=" + length, e);
            }
        }
    }

    /** Deallocates {@code [offset, offset+length)} keeping the file size: the range then reads as zeros. */
    public static void punchHole(int fd, long offset, long length) throws NativeIoException {
        fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, length);
    }

    public static void fsync(int fd) throws NativeIoException {
        checkFd(fd);
        while (LIBC.fsync(fd) != 0) {
            retryOrThrow("fsync", "fd=" + fd);
        }
    }

    public static void fdatasync(int fd) throws NativeIoException {
        checkFd(fd);
        while (LIBC.fdatasync(fd) != 0) {
            retryOrThrow("fdatasync", "fd=" + fd);
        }
    }

    public static void ftruncate(int fd, long length) throws NativeIoException {
        checkFd(fd);
        checkOffset(length);
        while (LIBC.ftruncate(fd, length) != 0) {
            retryOrThrow("ftruncate", "fd=" + fd + ", length=" + length);
        }
    }

    /** {@code pipe2(O_CLOEXEC | extraFlags)}: returns {read end, write end}. */
    public static int[] pipe(int extraFlags) throws NativeIoException {
        int[] fds = new int[2];
        if (LIBC.pipe2(fds, O_CLOEXEC | extraFlags) != 0) {
            throw new NativeIoException("pipe2", "flags=0x" + Integer.toHexString(extraFlags), errno());
        }
        return fds;
    }

    /**
     * {@code socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC)}: two connected descriptors that keep message
     * boundaries; each is readable, writable and pollable like a uio device node, so tests use one as a stand-in
     * for the kernel's end.
     *
     * @param nonBlocking adds {@code SOCK_NONBLOCK} to both ends
     */
    public static int[] socketPair(boolean nonBlocking) throws NativeIoException {
        int[] fds = new int[2];
        int type = SOCK_SEQPACKET | NetlinkSocket.SOCK_CLOEXEC | (nonBlocking ? O_NONBLOCK : 0);
        if (LIBC.socketpair(UnixDatagramSocket.AF_UNIX, type, 0, fds) != 0) {
            throw new NativeIoException("socketpair", "AF_UNIX, SOCK_SEQPACKET|SOCK_CLOEXEC"
                    + (nonBlocking ? "|SOCK_NONBLOCK" : "") + ", 0", errno());
        }
        return fds;
    }

    public static int getpid() {
        return LIBC.getpid();
    }

    private static void retryOrThrow(String call, String args) throws NativeIoException {
        int e = errno();
        if (e != Errno.EINTR) {
            throw new NativeIoException(call, args, e);
        }
    }

    private static int advance(ByteBuffer buf, long n, int count, String call) {
        if (n > count) {
            throw new IllegalStateException(call + " returned " + n + " > requested " + count);
        }
        buf.position(buf.position() + (int) n);
        return (int) n;
    }

    static void checkFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("invalid file descriptor " + fd);
        }
    }

    static void checkOffset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
    }

    private static void checkWritable(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read-only destination buffer");
        }
    }
}
