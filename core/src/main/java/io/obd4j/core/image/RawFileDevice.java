package io.obd4j.core.image;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import io.obd4j.core.io.PageCacheReader;

/**
 * A {@link BlockDevice} over a plain raw image file or a block-device node, with positional {@link FileChannel}
 * I/O (thread-safe, no shared position). The size is fixed at open: the file length, or for a block device the
 * kernel's sector count ({@code /sys/dev/block/MAJ:MIN/size}). A file shorter than the size reads as zeros past its
 * end. {@link #flush()} is {@code fdatasync} ({@code force(false)}); {@link #discard} writes zeros.
 *
 * <p>A {@link FileChannel} closes itself when a thread blocked in it is interrupted (e.g. a front end cancelling a
 * task with {@code Future.cancel(true)}). That must not take the disk away from every other command: the device
 * reopens the file, the interrupted call fails with an {@link java.io.InterruptedIOException}, and calls of other
 * threads that were cut off retry on the new channel. Only {@link #close()} closes the device for good.
 */
public final class RawFileDevice implements BlockDevice {
    private static final int ZERO_CHUNK = 64 * 1024;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZERO_CHUNK).asReadOnlyBuffer();

    private final Path path;
    private volatile FileChannel channel;
    /** A second descriptor for {@link #readIfCached} ({@code preadv2} with {@code RWF_NOWAIT}). */
    private final PageCacheReader cachedReads;
    private volatile boolean closed;
    private final long size;
    private final boolean readOnly;

    private RawFileDevice(Path path, FileChannel channel, long size, boolean readOnly) {
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.readOnly = readOnly;
        this.cachedReads = PageCacheReader.open(path);
    }

    /** Opens an existing file or block device; its size is the file length or the block device's capacity. */
    public static RawFileDevice open(Path path, boolean readOnly) throws IOException {
        FileChannel channel = readOnly ? FileChannel.open(path, StandardOpenOption.READ)
            : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return new RawFileDevice(path, channel, sizeOf(path, channel), readOnly);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Creates (or truncates) a sparse file of {@code size} bytes and opens it read-write. */
    public static RawFileDevice create(Path path, long size) throws IOException {
        if (size < 0 || size % 512 != 0) {
            throw new IllegalArgumentException(path + ": size: expected a multiple of 512, found " + size);
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (size > 0) {
                channel.write(ByteBuffer.allocate(1), size - 1);
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new RawFileDevice(path, channel, size, false);
    }

    private static long sizeOf(Path path, FileChannel channel) throws IOException {
        if (!Files.isRegularFile(path) && !Files.isDirectory(path) && isBlockDevice(path)) {
            long rdev = ((Number) Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).longValue();
            long major = (rdev >>> 8) & 0xFFF | (rdev >>> 32) & ~0xFFFL;
            long minor = rdev & 0xFF | (rdev >>> 12) & ~0xFFL;
            Path sectors = Path.of("/sys/dev/block/" + major + ":" + minor + "/size");
            return Long.parseLong(Files.readString(sectors).trim()) * 512;
        }
        return channel.size();
    }

    private static boolean isBlockDevice(Path path) throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (((Number) mode).intValue() & 0xF000) == 0x6000;
    }

    public Path path() {
        return path;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        checkRange("read", offset, dst.remaining());
        long pos = offset;
        while (dst.hasRemaining()) {
            FileChannel ch = channel;
            int n;
            try {
                n = ch.read(dst, pos);
            } catch (ClosedChannelException e) {
                recover(ch, e);
                continue;
            }
            if (n < 0) {
                while (dst.hasRemaining()) {
                    dst.put((byte) 0);
                }
                break;
            }
            pos += n;
        }
    }

    /**
     * {@code preadv2(RWF_NOWAIT)} on a second descriptor: true when the page cache held every byte. Bytes past the
     * end of a file shorter than the device read as zeros on a worker ({@link #read}), so they count as not cached.
     */
    @Override
    public boolean readIfCached(ByteBuffer dst, long offset) throws IOException {
        if (closed) {
            return false;
        }
        checkRange("read", offset, dst.remaining());
        int start = dst.position();
        int wanted = dst.remaining();
        if (cachedReads.read(dst, offset) != wanted) {
            dst.position(start);
            return false;
        }
        return true;
    }

    @Override
    public void write(ByteBuffer src, long offset) throws IOException {
        checkWritable("write");
        checkRange("write", offset, src.remaining());
        long pos = offset;
        while (src.hasRemaining()) {
            FileChannel ch = channel;
            try {
                pos += ch.write(src, pos);
            } catch (ClosedChannelException e) {
                recover(ch, e);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        checkWritable("flush");
        while (true) {
            FileChannel ch = channel;
            try {
                ch.force(false);
                return;
            } catch (ClosedChannelException e) {
                recover(ch, e);
            }
        }
    }

    /**
     * After {@code broken} was closed under a call: rethrows when the device was closed or this thread was the
     * interrupted one (after reopening the file for the others); otherwise returns so the caller retries.
     */
    private void recover(FileChannel broken, ClosedChannelException e) throws IOException {
        synchronized (this) {
            if (closed) {
                throw e;
            }
            if (channel == broken) {
                channel = readOnly ? FileChannel.open(path, StandardOpenOption.READ)
                    : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
        }
        if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
            InterruptedIOException interrupted = new InterruptedIOException(path + ": interrupted");
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        checkWritable("discard");
        checkRange("discard", offset, length);
        long done = 0;
        while (done < length) {
            int n = (int) Math.min(ZERO_CHUNK, length - done);
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit(n);
            write(zeros, offset + done);
            done += n;
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            closed = true;
            try {
                channel.close();
            } finally {
                cachedReads.close();
            }
        }
    }

    private void checkWritable(String op) throws IOException {
        if (readOnly) {
            throw new IOException(path + ": " + op + " refused: opened read-only");
        }
    }

    private void checkRange(String op, long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new IOException(path + ": " + op + " of " + length + " bytes at offset " + offset
                + " is outside the device of " + size + " bytes");
        }
    }

    @Override
    public String toString() {
        return "RawFileDevice[" + path + ", " + size + " bytes" + (readOnly ? ", read-only]" : "]");
    }
}
