package io.obd4j.daemon.image;

import io.obd4j.core.image.BlockDevice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Test-side block device over a real file (raw bytes, no layer format): lets the registry and API tests open
 * devices before the LSMT/ZFile readers are wired in. Records flush/close so shutdown order can be checked.
 */
public final class RawFileDevice implements BlockDevice {
    private final FileChannel ch;
    private final boolean readOnly;
    volatile int flushes;
    volatile boolean closed;

    public RawFileDevice(Path file, boolean readOnly) throws IOException {
        this.ch = readOnly ? FileChannel.open(file, StandardOpenOption.READ)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.readOnly = readOnly;
    }

    /** An opener serving the bottom lower (a local file) raw; snapshots are accepted and recorded. */
    public static final class Opener implements ImageOpener {
        volatile ResolvedImage lastOpened;
        volatile ResolvedImage lastSnapshot;
        volatile RawFileDevice lastDevice;

        @Override
        public BlockDevice open(ResolvedImage image) throws ImageServiceException {
            lastOpened = image;
            LayerSource bottom = image.lowers().isEmpty() ? null : image.lowers().get(0);
            if (!(bottom instanceof LayerSource.Local)) {
                throw new ImageServiceException(ImageServiceException.Kind.FAILED, "failed to open layer 0");
            }
            try {
                lastDevice = new RawFileDevice(((LayerSource.Local) bottom).path(), image.isReadOnly());
                return lastDevice;
            } catch (IOException e) {
                throw new ImageServiceException(ImageServiceException.Kind.FAILED,
                        "failed to open local file " + ((LayerSource.Local) bottom).path(), e);
            }
        }

        @Override
        public void snapshot(BlockDevice device, ResolvedImage current, ResolvedImage next) {
            lastSnapshot = next;
        }
    }

    @Override
    public long size() {
        try {
            return ch.size();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        while (dst.hasRemaining()) {
            if (ch.read(dst, offset) < 0) {
                break;
            }
        }
    }

    @Override
    public void write(ByteBuffer src, long offset) throws IOException {
        ch.write(src, offset);
    }

    @Override
    public void flush() throws IOException {
        flushes++;
        ch.force(true);
    }

    @Override
    public void discard(long offset, long length) {
        throw new UnsupportedOperationException("discard");
    }

    @Override
    public void close() throws IOException {
        closed = true;
        ch.close();
    }
}
