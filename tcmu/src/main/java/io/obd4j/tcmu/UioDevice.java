package io.obd4j.tcmu;

import io.obd4j.core.format.FormatException;
import io.obd4j.nativeio.MappedRegion;
import io.obd4j.nativeio.NativeIoException;
import io.obd4j.nativeio.Posix;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An opened TCMU uio device: its node's descriptor (events in, kicks out; 4-byte reads and writes only), the
 * shared map and the {@link UioRing} over it (spec tcmu-and-snapshotter.md §3.2).
 */
public final class UioDevice implements AutoCloseable {
    private final int minor;
    private final TcmuDeviceName name;
    private final int fd;
    private final MappedRegion map;
    private final UioRing ring;
    private final ByteBuffer eventIn = ByteBuffer.allocateDirect(4);
    private final ByteBuffer kickOut = ByteBuffer.allocateDirect(4);

    /**
     * Wraps an already opened descriptor and map (the real node, or a test's stand-in for the kernel).
     *
     * @param fd  non-blocking descriptor that becomes readable on new commands and accepts 4-byte kicks
     * @param map the command ring map; closed with this device
     */
    public UioDevice(int minor, TcmuDeviceName name, int fd, MappedRegion map) throws FormatException {
        this.minor = minor;
        this.name = name;
        this.fd = fd;
        this.map = map;
        this.ring = new UioRing(map, "uio" + minor);
    }

    /** Opens {@code /dev/uio<minor>} non-blocking and maps map0 with the size sysfs reports. */
    public static UioDevice open(UioSysfs sysfs, int minor, TcmuDeviceName name) throws IOException {
        long size = sysfs.mapSize(minor);
        int fd = Posix.open(sysfs.deviceNode(minor), Posix.O_RDWR | Posix.O_NONBLOCK, 0);
        MappedRegion map = null;
        try {
            map = MappedRegion.map(fd, size, 0);
            return new UioDevice(minor, name, fd, map);
        } catch (IOException | RuntimeException e) {
            if (map != null) {
                map.close();
            }
            Posix.close(fd);
            throw e;
        }
    }

    public int minor() {
        return minor;
    }

    public String uioName() {
        return "uio" + minor;
    }

    public TcmuDeviceName name() {
        return name;
    }

    public int fd() {
        return fd;
    }

    public MappedRegion map() {
        return map;
    }

    public UioRing ring() {
        return ring;
    }

    /** Consumes pending events (a non-blocking 4-byte read); returns false when there were none. */
    public synchronized boolean drainEvents() throws NativeIoException {
        eventIn.clear();
        return Posix.read(fd, eventIn) > 0;
    }

    /** Tells the kernel that completions are ready ({@code write} of 4 bytes). */
    public void kick() throws NativeIoException {
        synchronized (kickOut) {
            kickOut.clear();
            kickOut.putInt(0, 0);
            Posix.write(fd, kickOut);
        }
    }

    @Override
    public void close() throws NativeIoException {
        try {
            map.close();
        } finally {
            Posix.close(fd);
        }
    }

    @Override
    public String toString() {
        return uioName() + " (" + name + ")";
    }
}
