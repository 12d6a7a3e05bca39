package io.obd4j.core.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code resultFile} of a device open, byte-identical to overlaybd: truncated and rewritten after every open
 * attempt with exactly {@code success} or {@code failed:<text>}, no newline. Only the first failure of an attempt is
 * kept ({@code set_failed} acts only while the status is still 0). An empty path means no file is written.
 */
public final class ResultFile {
    public static final String SUCCESS = "success";
    public static final String FAILED_PREFIX = "failed:";

    private final String path;
    private String failure;

    public ResultFile(String path) {
        this.path = path;
    }

    /** Records a failure text unless one is already recorded; returns the text that is kept. */
    public synchronized String fail(String text) {
        if (failure == null) {
            failure = text == null ? "" : text;
        }
        return failure;
    }

    public synchronized boolean failed() {
        return failure != null;
    }

    /** What {@link #write()} puts in the file. */
    public synchronized String content() {
        return failure == null ? SUCCESS : FAILED_PREFIX + failure;
    }

    /** Writes {@link #content()} ({@code O_RDWR|O_CREAT|O_TRUNC}); does nothing when the path is empty. */
    public void write() throws IOException {
        if (path.isEmpty()) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.wrap(content().getBytes(StandardCharsets.UTF_8));
        try (FileChannel ch = FileChannel.open(Path.of(path), StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
        }
    }

    public String path() {
        return path;
    }
}
