package io.obd4j.nativeio;

import java.nio.ByteBuffer;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc calls obd4j needs, bound with jnr-ffi. Package-private on purpose: jnr-ffi passes a direct buffer as
 * {@code address + position()} without checking the length argument against {@code remaining()}, so every call
 * goes through {@link Posix} (or another class of this package) that checks the buffer/length pair first.
 *
 * <p>The binding interface is a public member of this package-private class because jnr-ffi implements it in its
 * own class loader, which cannot see a package-private interface; code outside the package still cannot name it.
 */
final class LibC {

    static final Calls INSTANCE = LibraryLoader.create(Calls.class).load("c");

    static final Runtime RUNTIME = Runtime.getRuntime(INSTANCE);

    private LibC() {
    }

    /** The libc prototypes. */
    public interface Calls {

        int open(CharSequence path, int flags, int mode);

        int close(int fd);

        @ssize_t long pread(int fd, @Out ByteBuffer buf, @size_t long count, @off_t long offset);

        /** {@code iov} holds {@code iovcnt} 16-byte {@code struct iovec}. */
        @ssize_t long preadv2(int fd, @In ByteBuffer iov, int iovcnt, @off_t long offset, int flags);

        @ssize_t long pwrite(int fd, @In ByteBuffer buf, @size_t long count, @off_t long offset);

        @ssize_t long read(int fd, @Out ByteBuffer buf, @size_t long count);

        @ssize_t long write(int fd, @In ByteBuffer buf, @size_t long count);

        @off_t long lseek(int fd, @off_t long offset, int whence);

        int fallocate(int fd, int mode, @off_t long offset, @off_t long length);

        /** Returns the error number itself (0 on success), not -1 with errno. */
        int posix_fadvise(int fd, @off_t long offset, @off_t long len, int advice);

        int fsync(int fd);

        int fdatasync(int fd);

        int ftruncate(int fd, @off_t long length);

        Pointer mmap(Pointer addr, @size_t long length, int prot, int flags, int fd, @off_t long offset);

        int munmap(Pointer addr, @size_t long length);

        int msync(Pointer addr, @size_t long length, int flags);

        /** {@code fds} holds {@code nfds} 8-byte {@code struct pollfd}. */
        int poll(@In @Out ByteBuffer fds, @size_t long nfds, int timeout);

        /** {@code fds} holds two ints. */
        int pipe2(@Out int[] fds, int flags);

        int socket(int domain, int type, int protocol);

        /** {@code sv} holds two ints. */
        int socketpair(int domain, int type, int protocol, @Out int[] sv);

        int bind(int fd, @In ByteBuffer addr, int addrlen);

        int setsockopt(int fd, int level, int optname, @In ByteBuffer optval, int optlen);

        @ssize_t long sendto(int fd, @In ByteBuffer buf, @size_t long len, int flags, @In ByteBuffer addr, int addrlen);

        @ssize_t long recv(int fd, @Out ByteBuffer buf, @size_t long len, int flags);

        int getpid();

        String strerror(int errnum);
    }
}
