package io.obd4j.nativeio;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * An open file descriptor with the positional calls of {@link Posix}. Thread-safe for positional I/O; closing
 * while other threads still use it is the caller's bug (the descriptor number may be reused).
 */
public final class NativeFile implements AutoCloseable {
    private final Path path;
    private final int fd;
    private volatile boolean closed;

    private NativeFile(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /** Opens {@code path} with {@code O_*} flags from {@link Posix} ({@code O_CLOEXEC} is always added). */
    public static NativeFile open(Path path, int flags, int mode) throws NativeIoException {
        return new NativeFile(path, Posix.open(path, flags, mode));
    }

    /** Opens read-only. */
    public static NativeFile openReadOnly(Path path) throws NativeIoException {
        return open(path, Posix.O_RDONLY, 0);
    }

    /** Opens read-write, creating the file (mode 0644) when absent. */
    public static NativeFile openReadWrite(Path path) throws NativeIoException {
        return open(path, Posix.O_RDWR | Posix.O_CREAT, 0644);
    }

    public Path path() {
        return path;
    }

    /** The raw descriptor, for {@link Posix}, {@link MappedRegion} or {@link PollSet}. */
    public int fd() {
        return fd;
    }

    public int pread(ByteBuffer dst, long offset) throws NativeIoException {
        return Posix.pread(fd, dst, offset);
    }

    /** {@link Posix#preadNoWait}: only bytes already in the page cache, never waiting for the device. */
    public int preadNoWait(ByteBuffer dst, long offset) throws NativeIoException {
        return Posix.preadNoWait(fd, dst, offset);
    }

    /** {@link Posix#dropCache}. */
    public void dropCache(long offset, long length) throws NativeIoException {
        Posix.dropCache(fd, offset, length);
    }

    public int preadFully(ByteBuffer dst, long offset) throws NativeIoException {
        return Posix.preadFully(fd, dst, offset);
    }

    public int pwrite(ByteBuffer src, long offset) throws NativeIoException {
        return Posix.pwrite(fd, src, offset);
    }

    public void pwriteFully(ByteBuffer src, long offset) throws NativeIoException {
        Posix.pwriteFully(fd, src, offset);
    }

    public void punchHole(long offset, long length) throws NativeIoException {
        Posix.punchHole(fd, offset, length);
    }

    public void fallocate(int mode, long offset, long length) throws NativeIoException {
        Posix.fallocate(fd, mode, offset, length);
    }

    public long seekData(long offset) throws NativeIoException {
        return Posix.seekData(fd, offset);
    }

    public long seekHole(long offset) throws NativeIoException {
        return Posix.seekHole(fd, offset);
    }

    /** Current size ({@code lseek(SEEK_END)}). */
    public long size() throws NativeIoException {
        return Posix.lseek(fd, 0, Posix.SEEK_END);
    }

    public void ftruncate(long length) throws NativeIoException {
        Posix.ftruncate(fd, length);
    }

    public void fsync() throws NativeIoException {
        Posix.fsync(fd);
    }

    public void fdatasync() throws NativeIoException {
        Posix.fdatasync(fd);
    }

    @Override
    public void close() throws NativeIoException {
        if (!closed) {
            closed = true;
            Posix.close(fd);
        }
    }

    @Override
    public String toString() {
        return "NativeFile[" + path + ", fd=" + fd + "]";
    }
}
