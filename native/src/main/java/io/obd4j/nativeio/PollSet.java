package io.obd4j.nativeio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * {@code poll(2)} over a small, fixed list of descriptors. The {@code struct pollfd} array lives in one direct
 * buffer allocated up front, so {@link #poll(int)} allocates nothing. Not thread-safe: one owner thread.
 *
 * <pre>
 * struct pollfd (8 bytes): 0 int fd | 4 short events | 6 short revents
 * </pre>
 */
public final class PollSet {
    public static final short POLLIN = 0x001;
    public static final short POLLPRI = 0x002;
    public static final short POLLOUT = 0x004;
    public static final short POLLERR = 0x008;
    public static final short POLLHUP = 0x010;
    public static final short POLLNVAL = 0x020;

    private static final int POLLFD_SIZE = 8;
    private static final int FD_OFFSET = 0;
    private static final int EVENTS_OFFSET = 4;
    private static final int REVENTS_OFFSET = 6;

    private final ByteBuffer fds;
    private final int capacity;
    private int size;

    public PollSet(int capacity) {
        if (capacity <= 0 || capacity > 1 << 16) {
            throw new IllegalArgumentException("poll set capacity out of range: " + capacity);
        }
        this.capacity = capacity;
        this.fds = ByteBuffer.allocateDirect(capacity * POLLFD_SIZE).order(ByteOrder.nativeOrder());
    }

    /** Adds {@code fd} waiting for {@code events} ({@link #POLLIN} …); returns its slot index. */
    public int add(int fd, short events) {
        Posix.checkFd(fd);
        if (size == capacity) {
            throw new IllegalStateException("poll set full (" + capacity + ")");
        }
        int slot = size++;
        fds.putInt(slot * POLLFD_SIZE + FD_OFFSET, fd);
        fds.putShort(slot * POLLFD_SIZE + EVENTS_OFFSET, events);
        fds.putShort(slot * POLLFD_SIZE + REVENTS_OFFSET, (short) 0);
        return slot;
    }

    /** Removes every descriptor. */
    public void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    /**
     * Waits up to {@code timeoutMillis} (-1 forever, 0 no wait). An interrupted wait ({@code EINTR}) returns 0,
     * so callers re-check their own state and poll again.
     *
     * @return the number of slots with non-zero {@link #revents}
     */
    public int poll(int timeoutMillis) throws NativeIoException {
        for (int i = 0; i < size; i++) {
            fds.putShort(i * POLLFD_SIZE + REVENTS_OFFSET, (short) 0);
        }
        fds.clear();
        int n = LibC.INSTANCE.poll(fds, size, timeoutMillis);
        if (n < 0) {
            int e = Posix.errno();
            if (e == Errno.EINTR) {
                return 0;
            }
            throw new NativeIoException("poll", "nfds=" + size + ", timeout=" + timeoutMillis, e);
        }
        return n;
    }

    /** Returned events of {@code slot} after the last {@link #poll}. */
    public short revents(int slot) {
        checkSlot(slot);
        return fds.getShort(slot * POLLFD_SIZE + REVENTS_OFFSET);
    }

    /** True if {@code slot} reported any of {@code mask}. */
    public boolean ready(int slot, short mask) {
        return (revents(slot) & mask) != 0;
    }

    public int fd(int slot) {
        checkSlot(slot);
        return fds.getInt(slot * POLLFD_SIZE + FD_OFFSET);
    }

    private void checkSlot(int slot) {
        if (slot < 0 || slot >= size) {
            throw new IndexOutOfBoundsException("poll slot " + slot + " of " + size);
        }
    }

    @Override
    public String toString() {
        int[] list = new int[size];
        for (int i = 0; i < size; i++) {
            list[i] = fd(i);
        }
        return "PollSet" + Arrays.toString(list);
    }
}
