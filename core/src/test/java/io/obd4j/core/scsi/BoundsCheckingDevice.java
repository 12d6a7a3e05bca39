package io.obd4j.core.scsi;

import io.obd4j.core.image.BlockDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Passes every call to a real device and records any call the SCSI layer should never make: outside the device,
 * not 512-aligned, or a modification of a read-only device.
 */
final class BoundsCheckingDevice implements BlockDevice {
    private final BlockDevice real;
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    long writes;
    long discards;

    BoundsCheckingDevice(BlockDevice real) {
        this.real = real;
    }

    private void check(String op, long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > real.size() || offset % 512 != 0 || length % 512 != 0) {
            violations.add(op + " offset " + offset + " length " + length);
        }
    }

    @Override
    public long size() {
        return real.size();
    }

    @Override
    public boolean isReadOnly() {
        return real.isReadOnly();
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        check("read", offset, dst.remaining());
        real.read(dst, offset);
    }

    @Override
    public void write(ByteBuffer src, long offset) throws IOException {
        check("write", offset, src.remaining());
        if (real.isReadOnly()) {
            violations.add("write on a read-only device");
        }
        writes++;
        real.write(src, offset);
    }

    @Override
    public void flush() throws IOException {
        if (real.isReadOnly()) {
            violations.add("flush on a read-only device");
        }
        real.flush();
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        check("discard", offset, length);
        if (real.isReadOnly()) {
            violations.add("discard on a read-only device");
        }
        discards++;
        real.discard(offset, length);
    }

    @Override
    public void close() throws IOException {
        real.close();
    }
}
