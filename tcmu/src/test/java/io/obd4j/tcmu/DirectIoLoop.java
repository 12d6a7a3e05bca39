package io.obd4j.tcmu;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A writer/reader on a thread of its own for the restart-under-I/O check: file after file in {@code dir}, writes
 * {@link #FILE_SIZE} seeded random bytes with O_DIRECT, fsyncs, reads them back with O_DIRECT and compares, until
 * stopped. Every byte goes through the SCSI device at once (no page cache in between), so a handler restart meets
 * commands in flight. The first failure stops the loop and is kept.
 */
final class DirectIoLoop implements Runnable {
    static final int FILE_SIZE = 256 << 10;
    private static final int ALIGN = 4096;

    private final Path dir;
    private final AtomicInteger done = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stop;
    private volatile Throwable failure;

    DirectIoLoop(Path dir) {
        this.dir = dir;
        this.thread = new Thread(this, "direct-io-loop");
    }

    DirectIoLoop start() {
        thread.start();
        return this;
    }

    /** The name of the {@code i}-th file. */
    static String fileName(int i) {
        return "direct-" + i + ".bin";
    }

    /** The content of the {@code i}-th file. */
    static byte[] content(int i) {
        byte[] b = new byte[FILE_SIZE];
        new SplittableRandom(1000L + i).nextBytes(b);
        return b;
    }

    /** Files written and verified so far. */
    int done() {
        return done.get();
    }

    Throwable failure() {
        return failure;
    }

    /** Waits until {@code n} more files are done after now (or the loop failed, or {@code millis} passed). */
    boolean awaitMore(int n, long millis) throws InterruptedException {
        int target = done.get() + n;
        long deadline = System.currentTimeMillis() + millis;
        while (done.get() < target && failure == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        return done.get() >= target;
    }

    /** Stops after the file in progress; returns the number of files done. */
    int stop() throws InterruptedException {
        stop = true;
        thread.join(120_000);
        return done.get();
    }

    @Override
    public void run() {
        ByteBuffer buf = ByteBuffer.allocateDirect(FILE_SIZE + ALIGN).alignedSlice(ALIGN);
        try {
            for (int i = 0; !stop; i++) {
                byte[] data = content(i);
                Path file = dir.resolve(fileName(i));
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
                    buf.clear().put(data).flip();
                    while (buf.hasRemaining()) {
                        ch.write(buf, buf.position());
                    }
                    ch.force(true);
                    buf.clear();
                    while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
                        continue;
                    }
                }
                buf.flip();
                if (!buf.equals(ByteBuffer.wrap(data))) {
                    throw new IOException(file + ": read back differs from what was written");
                }
                done.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }
}
