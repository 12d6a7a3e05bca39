package io.obd4j.daemon.backing;

import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.io.BulkInputStream;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A volume's content from byte 0 to its size, read in 1 MiB pieces (an export to a backing image). */
final class BlockDeviceInputStream extends BulkInputStream {
    private static final int PIECE = 1 << 20;

    private final BlockDevice device;
    private final ByteBuffer piece = ByteBuffer.allocate(PIECE).limit(0);
    private long next;

    BlockDeviceInputStream(BlockDevice device) {
        this.device = device;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        if (!piece.hasRemaining()) {
            long size = device.size();
            if (next >= size) {
                return -1;
            }
            piece.clear().limit((int) Math.min(PIECE, size - next));
            device.read(piece, next);
            next += piece.limit();
            piece.flip();
        }
        int n = Math.min(len, piece.remaining());
        piece.get(dst, off, n);
        return n;
    }
}
