package io.obd4j.daemon.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Snapshot records as {@code <dir>/<name>.json}, each replaced atomically (temp file, fsync, rename, fsync of the
 * directory) so a crash leaves either the old or the new record.
 */
final class SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final String SUFFIX = ".json";
    private static final String TMP = ".json.tmp";

    private final Path dir;

    /** The directory is made on the first write: a daemon that never snapshots leaves no trace. */
    SnapshotStore(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    void write(SnapshotRecord r) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            syncDir(dir.getParent());
        }
        Path tmp = dir.resolve(r.name() + TMP);
        writeDurably(tmp, SnapshotRecord.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(r.toJson()));
        Files.move(tmp, dir.resolve(r.name() + SUFFIX), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        syncDir(dir);
    }

    Optional<SnapshotRecord> read(String name) throws IOException {
        Path p = dir.resolve(name + SUFFIX);
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        JsonNode n = SnapshotRecord.MAPPER.readTree(p.toFile());
        try {
            return Optional.of(SnapshotRecord.fromJson(n, p.toString()));
        } catch (RuntimeException e) {
            throw new IOException("snapshot record " + p + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Every readable record, by name; unreadable ones are logged and skipped. */
    List<SnapshotRecord> list() throws IOException {
        List<SnapshotRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                String f = p.getFileName().toString();
                if (!f.endsWith(SUFFIX)) {
                    continue;
                }
                try {
                    read(f.substring(0, f.length() - SUFFIX.length())).ifPresent(out::add);
                } catch (IOException e) {
                    LOG.error("skipping {}", e.getMessage());
                }
            }
        }
        return out;
    }

    void delete(String name) throws IOException {
        if (Files.deleteIfExists(dir.resolve(name + SUFFIX))) {
            syncDir(dir);
        }
    }

    /** Removes temp records a crash left behind (the rename never happened, so the old record stands). */
    void removeTemps() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(TMP)).toList()) {
                LOG.warn("removing the unfinished snapshot record {}", p);
                Files.deleteIfExists(p);
            }
        }
    }

    static void writeDurably(Path file, String text) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    static void syncDir(Path d) throws IOException {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
