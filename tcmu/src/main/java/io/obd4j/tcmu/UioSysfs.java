package io.obd4j.tcmu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds uio devices: {@code <sysClassUio>/uioN/name}, {@code …/maps/map0/size} and the node {@code <dev>/uioN}.
 * Both roots are configurable so tests can lay out a fake tree.
 */
public final class UioSysfs {
    public static final Path SYS_CLASS_UIO = Path.of("/sys/class/uio");
    public static final Path DEV = Path.of("/dev");

    private final Path sysClassUio;
    private final Path devDir;

    public UioSysfs(Path sysClassUio, Path devDir) {
        this.sysClassUio = sysClassUio;
        this.devDir = devDir;
    }

    /** The real system paths. */
    public static UioSysfs system() {
        return new UioSysfs(SYS_CLASS_UIO, DEV);
    }

    /** A uio device as sysfs lists it. */
    public record Entry(int minor, String name) {
        public String uioName() {
            return "uio" + minor;
        }
    }

    /** Every {@code uioN} with a readable name, in minor order; an absent class directory means none. */
    public List<Entry> list() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(sysClassUio)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(sysClassUio, "uio*")) {
            for (Path d : dirs) {
                String s = d.getFileName().toString().substring(3);
                if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    out.add(new Entry(Integer.parseInt(s), readLine(d.resolve("name"))));
                } catch (NoSuchFileException e) {
                    continue;
                }
            }
        }
        out.sort(Comparator.comparingInt(Entry::minor));
        return out;
    }

    /** The name of {@code uio<minor>}. */
    public String name(int minor) throws IOException {
        return readLine(sysClassUio.resolve("uio" + minor).resolve("name"));
    }

    /** {@code maps/map0/size}: sysfs prints {@code 0x…} hex; decimal is accepted too (libtcmu: strtoull base 0). */
    public long mapSize(int minor) throws IOException {
        Path file = sysClassUio.resolve("uio" + minor).resolve("maps/map0/size");
        String s = readLine(file);
        try {
            long v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16)
                    : Long.parseLong(s);
            if (v <= 0) {
                throw new NumberFormatException("not positive");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IOException(file + ": expected a positive map size, found '" + s + "'", e);
        }
    }

    public Path deviceNode(int minor) {
        return devDir.resolve("uio" + minor);
    }

    private static String readLine(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
    }
}
