package io.obd4j.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit file itself, used only by the audit writer thread: appends, rotates by size ({@code path} →
 * {@code path.1} → {@code path.2}, older ones unlinked) and reopens when the file was moved away or truncated by
 * an external logrotate. I/O errors are logged once per kind and never reach callers.
 */
final class AuditFileWriter {
    private static final Logger LOG = LoggerFactory.getLogger(AuditFileWriter.class);

    private final Path path;
    private final long rotateBytes;
    private final int maxFiles;
    private final StringBuilder batch = new StringBuilder(8192);
    private FileChannel channel;
    private Object fileKey;
    private long size;
    private volatile boolean busy;
    private boolean errorLogged;

    AuditFileWriter(Path path, long rotateBytes, int maxFiles) {
        this.path = path;
        this.rotateBytes = rotateBytes;
        this.maxFiles = maxFiles;
    }

    boolean busy() {
        return busy;
    }

    void beginBatch() {
        busy = true;
        batch.setLength(0);
    }

    void append(StringBuilder line) {
        batch.append(line);
        if (batch.length() >= 64 * 1024) {
            writeBatch();
        }
    }

    void flushBatch() {
        if (batch.length() > 0) {
            writeBatch();
        }
        busy = false;
    }

    private void writeBatch() {
        byte[] bytes = batch.toString().getBytes(StandardCharsets.UTF_8);
        batch.setLength(0);
        try {
            ensureOpen();
            if (size > 0 && size + bytes.length > rotateBytes) {
                rotate();
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            size += bytes.length;
            errorLogged = false;
        } catch (IOException e) {
            closeQuietly();
            if (!errorLogged) {
                LOG.warn("audit log {}: write failed, lines lost: {}", path, e.toString());
                errorLogged = true;
            }
        }
    }

    /** Opens the file if needed, and reopens it if it no longer is the file at {@code path} or shrank. */
    private void ensureOpen() throws IOException {
        if (channel != null) {
            try {
                BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
                if (a.fileKey() != null && !a.fileKey().equals(fileKey) || a.size() < size) {
                    closeQuietly();
                }
            } catch (NoSuchFileException e) {
                closeQuietly();
            }
        }
        if (channel == null) {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            fileKey = a.fileKey();
            size = a.size();
        }
    }

    private void rotate() throws IOException {
        closeQuietly();
        for (int i = maxFiles - 1; i >= 1; i--) {
            Path from = i == 1 ? path : Path.of(path + "." + (i - 1));
            Path to = Path.of(path + "." + i);
            if (Files.exists(from)) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        ensureOpen();
    }

    void reopen() {
        closeQuietly();
    }

    void close() {
        flushBatch();
        closeQuietly();
    }

    private void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("audit log {}: close failed: {}", path, e.toString());
            }
            channel = null;
        }
    }
}
