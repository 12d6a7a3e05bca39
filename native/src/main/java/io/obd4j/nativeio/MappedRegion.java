package io.obd4j.nativeio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

import com.kenai.jffi.MemoryIO;

import jnr.ffi.Pointer;

/**
 * A {@code mmap(MAP_SHARED)} region seen through a bounds-checked little-endian {@link ByteBuffer}: every get/put
 * checks its index against the mapping, so a bad offset throws {@link IndexOutOfBoundsException} instead of
 * faulting. Volatile/acquire/release int access serves shared-memory protocols such as the TCMU ring.
 *
 * <p>Not thread-safe with respect to {@link #close()}: callers must stop every access (including views returned by
 * {@link #slice}) before closing.
 */
public final class MappedRegion implements AutoCloseable {
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x01;
    public static final int MS_SYNC = 0x4;

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final long address;
    private final int length;
    private ByteBuffer buffer;

    private MappedRegion(long address, int length) {
        this.address = address;
        this.length = length;
        this.buffer = MemoryIO.getInstance().newDirectByteBuffer(address, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Maps {@code length} bytes of {@code fd} at file offset {@code offset} shared, read-write.
     *
     * @param length at most {@link Integer#MAX_VALUE}
     */
    public static MappedRegion map(int fd, long length, long offset) throws NativeIoException {
        Posix.checkFd(fd);
        Posix.checkOffset(offset);
        if (length <= 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("mmap length must be in (0, 2^31): " + length);
        }
        Pointer p = LibC.INSTANCE.mmap(null, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
        long addr = p == null ? 0L : p.address();
        if (addr == -1L || addr == 0L) {
            throw new NativeIoException("mmap", "length=" + length + ", prot=RW, flags=MAP_SHARED, fd=" + fd
                    + ", offset=" + offset, Posix.errno());
        }
        return new MappedRegion(addr, (int) length);
    }

    public int length() {
        return length;
    }

    public byte getByte(int index) {
        return buf().get(index);
    }

    public void putByte(int index, byte value) {
        buf().put(index, value);
    }

    public short getShort(int index) {
        return buf().getShort(index);
    }

    public void putShort(int index, short value) {
        buf().putShort(index, value);
    }

    public int getInt(int index) {
        return buf().getInt(index);
    }

    public void putInt(int index, int value) {
        buf().putInt(index, value);
    }

    public long getLong(int index) {
        return buf().getLong(index);
    }

    public void putLong(int index, long value) {
        buf().putLong(index, value);
    }

    /** Volatile read of a 4-byte aligned int. */
    public int getIntVolatile(int index) {
        return (int) INT.getVolatile(buf(), checkAligned(index));
    }

    /** Acquire read: later loads and stores are not moved before it (pairs with a writer's release). */
    public int getIntAcquire(int index) {
        return (int) INT.getAcquire(buf(), checkAligned(index));
    }

    /** Release (ordered) write: earlier loads and stores are visible before it. */
    public void putIntRelease(int index, int value) {
        INT.setRelease(buf(), checkAligned(index), value);
    }

    public void putIntVolatile(int index, int value) {
        INT.setVolatile(buf(), checkAligned(index), value);
    }

    /** Copies {@code length} bytes at {@code index} into {@code dst[dstOffset..]}. */
    public void getBytes(int index, byte[] dst, int dstOffset, int length) {
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        buf().get(checkRange(index, length), dst, dstOffset, length);
    }

    /** Copies {@code src[srcOffset..srcOffset+length)} to {@code index}. */
    public void putBytes(int index, byte[] src, int srcOffset, int length) {
        Objects.checkFromIndexSize(srcOffset, length, src.length);
        buf().put(checkRange(index, length), src, srcOffset, length);
    }

    /** Zeroes {@code [index, index+length)}. */
    public void setZero(int index, int length) {
        checkRange(index, length);
        ByteBuffer b = buf();
        int i = index;
        int end = index + length;
        for (; i + 8 <= end; i += 8) {
            b.putLong(i, 0L);
        }
        for (; i < end; i++) {
            b.put(i, (byte) 0);
        }
    }

    /**
     * A little-endian view of {@code [index, index+length)}: position 0, limit {@code length}. Valid until
     * {@link #close()}.
     */
    public ByteBuffer slice(int index, int length) {
        checkRange(index, length);
        return buf().slice(index, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** {@code msync(MS_SYNC)} of the whole region. */
    public void sync() throws NativeIoException {
        if (LibC.INSTANCE.msync(pointer(), length, MS_SYNC) != 0) {
            throw new NativeIoException("msync", "length=" + length + ", flags=MS_SYNC", Posix.errno());
        }
    }

    public boolean isClosed() {
        return buffer == null;
    }

    @Override
    public void close() throws NativeIoException {
        if (buffer == null) {
            return;
        }
        buffer = null;
        if (LibC.INSTANCE.munmap(pointer(), length) != 0) {
            throw new NativeIoException("munmap", "length=" + length, Posix.errno());
        }
    }

    private Pointer pointer() {
        return Pointer.wrap(LibC.RUNTIME, address);
    }

    private ByteBuffer buf() {
        ByteBuffer b = buffer;
        if (b == null) {
            throw new IllegalStateException("mapped region is closed");
        }
        return b;
    }

    private int checkRange(int index, int len) {
        Objects.checkFromIndexSize(index, len, length);
        return index;
    }

    private int checkAligned(int index) {
        Objects.checkFromIndexSize(index, 4, length);
        if ((index & 3) != 0) {
            throw new IllegalArgumentException("unaligned int access at " + index);
        }
        return index;
    }
}
