package io.obd4j.core.ext4;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a raw ext4 image back with the real e2fsprogs tools (e2fsck, debugfs rdump/stat/ea_list) for tests; other
 * modules use it through core's test-jar.
 */
public final class Ext4Inspector {
    private Ext4Inspector() {
    }

    /** Exit code and merged output of one tool run. */
    public record Result(int exitCode, String output) {
    }

    /** {@code e2fsck -fn}: a full read-only check; exit 0 means clean. */
    public static Result fsck(Path raw) throws IOException {
        E2fsTools.Result r = E2fsTools.run(List.of(E2fsTools.locate("e2fsck"), "-fn", raw.toString()), 1, Map.of());
        return new Result(r.exitCode(), r.output());
    }

    public static String debugfs(Path raw, String request) throws IOException {
        return E2fsTools.runChecked(List.of(E2fsTools.locate("debugfs"), "-R", request, raw.toString()), 1, Map.of());
    }

    /**
     * {@code rdump /} into {@code out}, then the tree as "path → description": {@code dir}, {@code link -> target},
     * {@code file <size> <sha256>} (fifos and devices are not dumped by rdump).
     */
    public static Map<String, String> dumpTree(Path raw, Path out) throws IOException {
        Files.createDirectories(out);
        debugfs(raw, "rdump / " + out);
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.toList()) {
                if (p.equals(out)) {
                    continue;
                }
                String rel = out.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    tree.put(rel, "link -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    tree.put(rel, "dir");
                } else {
                    tree.put(rel, "file " + Files.size(p) + " " + sha256(p));
                }
            }
        }
        return tree;
    }

    static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@code debugfs stat} says about one inode. */
    public record Stat(long inode, String type, int mode, long uid, long gid, int links, long size,
                       long ctime, long atime, long mtime, long crtime, String device) {
    }

    private static final Pattern HEAD = Pattern.compile("Inode: (\\d+)\\s+Type: (.+?)\\s+Mode:\\s+(\\d+)");
    private static final Pattern OWNER = Pattern.compile("User:\\s+(\\d+)\\s+Group:\\s+(\\d+).*Size: (\\d+)");
    private static final Pattern LINKS = Pattern.compile("Links: (\\d+)");
    private static final Pattern TIME = Pattern.compile("(?m)^\\s*(ctime|atime|mtime|crtime): 0x([0-9a-f]+)");
    private static final Pattern DEVICE = Pattern.compile("Device major/minor number: (\\d+):(\\d+)");

    public static Stat stat(Path raw, String path) throws IOException {
        String s = debugfs(raw, "stat \"" + path + "\"");
        Matcher h = HEAD.matcher(s);
        Matcher o = OWNER.matcher(s);
        Matcher l = LINKS.matcher(s);
        if (!h.find() || !o.find() || !l.find()) {
            throw new IOException("cannot parse stat of " + path + ": " + s);
        }
        Map<String, Long> times = new LinkedHashMap<>();
        Matcher t = TIME.matcher(s);
        while (t.find()) {
            times.put(t.group(1), Long.parseLong(t.group(2), 16));
        }
        Matcher d = DEVICE.matcher(s);
        String device = d.find() ? Integer.parseInt(d.group(1)) + ":" + Integer.parseInt(d.group(2)) : "";
        return new Stat(Long.parseLong(h.group(1)), h.group(2), Integer.parseInt(h.group(3), 8),
            Long.parseLong(o.group(1)), Long.parseLong(o.group(2)), Integer.parseInt(l.group(1)),
            Long.parseLong(o.group(3)),
            times.getOrDefault("ctime", -1L), times.getOrDefault("atime", -1L), times.getOrDefault("mtime", -1L),
            times.getOrDefault("crtime", -1L), device);
    }

    /** {@code ea_list}: name → value as debugfs prints it (quoted text or hex). */
    public static Map<String, String> xattrs(Path raw, String path) throws IOException {
        String s = debugfs(raw, "ea_list \"" + path + "\"");
        Map<String, String> out = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\s+(\\S+) \\((\\d+)\\)(?: = (.*))?$").matcher(s);
        while (m.find()) {
            out.put(m.group(1), m.group(3) == null ? "" : m.group(3));
        }
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
