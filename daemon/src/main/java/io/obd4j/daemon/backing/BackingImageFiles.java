package io.obd4j.daemon.backing;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The data directory: {@code <dir>/<name>/backing-image.json} (status, written to a temp name, forced, renamed),
 * {@code <dir>/<name>/layer} (the committed layer), {@code source.part} and {@code layer.part} while working.
 */
final class BackingImageFiles {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final String STATUS = "backing-image.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    BackingImageFiles(Path dir) {
        this.dir = dir;
    }

    static void checkName(String name) throws BackingImageException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BackingImageException(BackingImageException.Kind.BAD_REQUEST, "name \"" + name
                    + "\": expected 1-63 characters of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
        }
    }

    Path imageDir(String name) {
        return dir.resolve(name);
    }

    Path layer(String name) {
        return imageDir(name).resolve("layer");
    }

    Path part(String name, String what) {
        return imageDir(name).resolve(what + ".part");
    }

    void save(BackingImage b) throws IOException {
        Path d = Files.createDirectories(imageDir(b.name()));
        Path tmp = d.resolve(STATUS + ".tmp");
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(b));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, d.resolve(STATUS), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Every saved status; a directory whose status cannot be read is skipped with the reason in {@code errors}. */
    List<BackingImage> loadAll(List<String> errors) throws IOException {
        List<BackingImage> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path d : ds) {
                Path status = d.resolve(STATUS);
                if (!Files.exists(status)) {
                    continue;
                }
                try {
                    all.add(JSON.readValue(status.toFile(), BackingImage.class));
                } catch (IOException e) {
                    errors.add(status + ": " + e.getMessage());
                }
            }
        }
        return all;
    }

    void delete(String name) throws IOException {
        Path d = imageDir(name);
        if (!Files.exists(d)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(d)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** fsync of a file or a directory (a rename is durable once its directory is forced). */
    static void force(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Removes a leftover temp file; a failure is only logged (the next transfer replaces it anyway). */
    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LoggerFactory.getLogger(BackingImageFiles.class).warn("cannot remove {}: {}", p, e.getMessage());
        }
    }

    /** SHA-256 of a file, as {@code sha256:<hex>}. */
    static String sha256(Path file) throws IOException {
        MessageDigest d = Checksum.digest("sha256");
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(d.digest());
    }
}
