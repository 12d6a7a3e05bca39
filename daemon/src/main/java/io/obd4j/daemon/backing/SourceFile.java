package io.obd4j.daemon.backing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.function.LongConsumer;

/**
 * The temporary file a transfer lands in. Bytes are hashed as they arrive and written at their position, except
 * all-zero 4 KiB blocks, which are left as holes: a sparse upload stays sparse on disk before it is even imported.
 * A transfer can continue after a disconnect from {@link #position()} (the digest carries on).
 */
final class SourceFile implements Closeable {
    private static final int BLOCK = 4096;
    private static final int BUFFER = 1 << 20;

    private final Path path;
    private final String algorithm;
    private final RandomAccessFile file;
    private final byte[] buf = new byte[BUFFER];
    private MessageDigest digest;
    private int filled;
    private long flushed;

    SourceFile(Path path, String algorithm) throws IOException {
        this.path = path;
        this.algorithm = algorithm;
        this.file = new RandomAccessFile(path.toFile(), "rw");
        file.setLength(0);
        this.digest = Checksum.digest(algorithm);
    }

    Path path() {
        return path;
    }

    /** Bytes received so far. */
    long position() {
        return flushed + filled;
    }

    /** Starts over (a server that ignored a Range request sends everything again). */
    void reset() throws IOException {
        file.setLength(0);
        filled = 0;
        flushed = 0;
        digest = Checksum.digest(algorithm);
    }

    /** Copies {@code in} to its end; {@code progress} gets the position after each read. */
    void transfer(InputStream in, LongConsumer progress) throws IOException {
        try {
            while (true) {
                int n = in.read(buf, filled, BUFFER - filled);
                if (n < 0) {
                    return;
                }
                digest.update(buf, filled, n);
                filled += n;
                if (filled == BUFFER) {
                    flush();
                }
                progress.accept(position());
            }
        } finally {
            flush();
        }
    }

    private void flush() throws IOException {
        FileChannel ch = file.getChannel();
        for (int i = 0; i < filled; i += BLOCK) {
            int len = Math.min(BLOCK, filled - i);
            if (!allZero(buf, i, i + len)) {
                ByteBuffer b = ByteBuffer.wrap(buf, i, len);
                long at = flushed + i;
                while (b.hasRemaining()) {
                    at += ch.write(b, at);
                }
            }
        }
        flushed += filled;
        filled = 0;
    }

    /** Sets the length (trailing holes), forces the file to disk and returns {@code algo:hex} of all bytes. */
    String finish() throws IOException {
        flush();
        file.setLength(flushed);
        file.getChannel().force(true);
        return Checksum.text(algorithm, digest);
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
