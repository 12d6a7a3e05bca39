package io.obd4j.core.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Stands in for a configfs attribute file in tests: a FIFO whose writes are collected, in order. */
public final class FifoRecorder {
    private FifoRecorder() {
    }

    /**
     * Makes {@code file} a FIFO and collects what is written to it. The reader holds it open read-write, so writers
     * never see EPIPE or block; the successive writes arrive as one stream in order (configfs sees each write whole).
     */
    public static StringBuffer recordWrites(Path file) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IOException("mkfifo " + file + " exited " + exit);
        }
        StringBuffer stream = new StringBuffer();
        RandomAccessFile fifo = new RandomAccessFile(file.toFile(), "rw");
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[4096];
            try (fifo) {
                for (int n = fifo.read(buf); n > 0; n = fifo.read(buf)) {
                    stream.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                stream.append("error: ").append(e);
            }
        }, "fifo-reader");
        reader.setDaemon(true);
        reader.start();
        return stream;
    }
}
