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
    private long checkpointEvery = Long.MAX_VALUE;
    private long checkpointed;
    private LongConsumer checkpoint = at -> { };

    /** An empty file at {@code path} (an existing one is truncated). */
    SourceFile(Path path, String algorithm) throws IOException {
        this(path, algorithm, 0);
    }

    private SourceFile(Path path, String algorithm, long keep) throws IOException {
        this.path = path;
        this.algorithm = algorithm;
        this.file = new RandomAccessFile(path.toFile(), "rw");
        this.digest = Checksum.digest(algorithm);
        // holes for the zero blocks after the last written one: setLength fills them in as zeros
        file.setLength(keep);
        rehash(keep);
        this.flushed = keep;
        this.checkpointed = keep;
    }

    /**
     * The first {@code offset} bytes already in {@code path} (a transfer a stop interrupted), read again so the digest
     * covers the whole file; the transfer continues at {@code offset}.
     */
    static SourceFile resume(Path path, String algorithm, long offset) throws IOException {
        return new SourceFile(path, algorithm, offset);
    }

    private void rehash(long length) throws IOException {
        FileChannel ch = file.getChannel();
        ByteBuffer b = ByteBuffer.wrap(buf);
        for (long at = 0; at < length; ) {
            b.clear().limit((int) Math.min(BUFFER, length - at));
            int n = ch.read(b, at);
            if (n < 0) {
                throw new IOException(path + ": ended at byte " + at + " while re-reading " + length + " bytes");
            }
            digest.update(buf, 0, n);
            at += n;
        }
    }

    /**
     * After every {@code every} bytes flushed, forces the file and tells {@code listener} the offset up to which the
     * bytes are durable (where a restarted transfer may continue); a {@link #reset} reports 0.
     */
    void onCheckpoint(long every, LongConsumer listener) {
        this.checkpointEvery = every;
        this.checkpoint = listener;
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
        checkpointed = 0;
        digest = Checksum.digest(algorithm);
        checkpoint.accept(0);
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

    /** Appends {@code b}; the bytes are on disk after the next full buffer or {@link #sync()}. */
    void write(byte[] b) throws IOException {
        for (int at = 0; at < b.length; ) {
            int n = Math.min(b.length - at, BUFFER - filled);
            System.arraycopy(b, at, buf, filled, n);
            digest.update(b, at, n);
            filled += n;
            at += n;
            if (filled == BUFFER) {
                flush();
            }
        }
    }

    /** Writes the buffered bytes out (not forced). */
    void sync() throws IOException {
        flush();
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
        if (flushed - checkpointed >= checkpointEvery) {
            ch.force(false);
            checkpointed = flushed;
            checkpoint.accept(flushed);
        }
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
