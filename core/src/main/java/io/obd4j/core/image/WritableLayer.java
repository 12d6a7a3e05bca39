package io.obd4j.core.image;

import io.obd4j.core.format.lsmt.RwLayer;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A writable layer alone as a {@link BlockDevice}: the device size is the layer's virtual size; I/O must be
 * 512-aligned and inside the device. {@link Image} routes its writes, discards and flushes through the same checks.
 */
public final class WritableLayer implements BlockDevice {
    private static final int SECTOR = 512;

    private final RwLayer layer;

    public WritableLayer(RwLayer layer) {
        this.layer = layer;
    }

    public RwLayer layer() {
        return layer;
    }

    @Override
    public long size() {
        return layer.virtualSize();
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        checkRange("read", offset, dst.remaining(), size());
        layer.read(dst, offset);
    }

    @Override
    public void write(ByteBuffer src, long offset) throws IOException {
        checkRange("write", offset, src.remaining(), size());
        layer.write(src, offset);
    }

    @Override
    public void flush() throws IOException {
        layer.flush();
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        checkRange("discard", offset, length, size());
        layer.discard(offset, length);
    }

    @Override
    public void close() throws IOException {
        layer.close();
    }

    /** Refuses unaligned I/O and I/O reaching past {@code size}. */
    static void checkRange(String op, long offset, long length, long size) throws IOException {
        if (((offset | length) & (SECTOR - 1)) != 0 || offset < 0 || length < 0) {
            throw new IOException(op + " at offset " + offset + " length " + length
                    + ": arguments must be multiples of 512");
        }
        if (offset + length > size) {
            throw new IOException(op + " at offset " + offset + " length " + length + " beyond the device size "
                    + size);
        }
    }
}
