package io.obd4j.core.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds layer tars in memory for tests: ustar entries (regular files, directories, symlinks, hard links, character
 * devices, whiteouts) with mode, owner and mtime, and PAX headers for long names and xattrs
 * ({@code SCHILY.xattr.<name>}, as GNU tar and Docker write them).
 */
public final class TarBuilder {
    private static final int BLOCK = 512;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long mtime = 1_700_000_000L;

    /** mtime of the following entries (epoch seconds). */
    public TarBuilder mtime(long seconds) {
        this.mtime = seconds;
        return this;
    }

    public TarBuilder dir(String path, int mode, int uid, int gid) {
        return entry(path, '5', mode, uid, gid, new byte[0], "", Map.of(), 0, 0);
    }

    public TarBuilder file(String path, int mode, int uid, int gid, byte[] content) {
        return entry(path, '0', mode, uid, gid, content, "", Map.of(), 0, 0);
    }

    public TarBuilder file(String path, int mode, int uid, int gid, byte[] content, Map<String, String> xattrs) {
        return entry(path, '0', mode, uid, gid, content, "", xattrs, 0, 0);
    }

    public TarBuilder symlink(String path, String target) {
        return entry(path, '2', 0777, 0, 0, new byte[0], target, Map.of(), 0, 0);
    }

    public TarBuilder hardlink(String path, String target) {
        return entry(path, '1', 0644, 0, 0, new byte[0], target, Map.of(), 0, 0);
    }

    public TarBuilder charDevice(String path, int mode, int major, int minor) {
        return entry(path, '3', mode, 0, 0, new byte[0], "", Map.of(), major, minor);
    }

    /** An AUFS whiteout: {@code dir/.wh.name} hides {@code dir/name} of the layers below. */
    public TarBuilder whiteout(String path) {
        int slash = path.lastIndexOf('/');
        String wh = path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
        return entry(wh, '0', 0644, 0, 0, new byte[0], "", Map.of(), 0, 0);
    }

    /** An opaque directory marker: {@code dir/.wh..wh..opq} hides everything below {@code dir} from lower layers. */
    public TarBuilder opaque(String dir) {
        return entry(dir + "/.wh..wh..opq", '0', 0644, 0, 0, new byte[0], "", Map.of(), 0, 0);
    }

    /** One entry of any type, with a PAX header first when it has xattrs or a name over 100 bytes. */
    public TarBuilder entry(String path, char type, int mode, int uid, int gid, byte[] content, String link,
            Map<String, String> xattrs, int major, int minor) {
        Map<String, String> pax = new LinkedHashMap<>();
        if (path.getBytes(StandardCharsets.UTF_8).length > 100) {
            pax.put("path", path);
        }
        xattrs.forEach((k, v) -> pax.put("SCHILY.xattr." + k, v));
        if (!pax.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            pax.forEach((k, v) -> sb.append(record(k, v)));
            byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
            write(header("PaxHeaders/" + shortName(path), 'x', 0644, 0, 0, body.length, "", 0, 0), body);
        }
        write(header(shortName(path), type, mode, uid, gid, content.length, link, major, minor), content);
        return this;
    }

    private static String shortName(String path) {
        byte[] b = path.getBytes(StandardCharsets.UTF_8);
        return b.length <= 100 ? path : new String(b, b.length - 90, 90, StandardCharsets.UTF_8);
    }

    private static String record(String key, String value) {
        int len = key.length() + value.getBytes(StandardCharsets.UTF_8).length + 3;
        len += Integer.toString(len).length();
        String r = len + " " + key + "=" + value + "\n";
        int actual = r.getBytes(StandardCharsets.UTF_8).length;
        return actual == len ? r : actual + " " + key + "=" + value + "\n";
    }

    private byte[] header(String name, char type, int mode, int uid, int gid, long size, String link, int major,
            int minor) {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, name);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        h[263] = '0';
        h[264] = '0';
        put(h, 265, 32, uid == 0 ? "root" : "");
        put(h, 297, 32, gid == 0 ? "root" : "");
        octal(h, 329, 8, major);
        octal(h, 337, 8, minor);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String s = String.format("%06o", sum);
        put(h, 148, 7, s);
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, Math.min(len, b.length));
    }

    private static void octal(byte[] h, int off, int len, long v) {
        put(h, off, len - 1, String.format("%0" + (len - 1) + "o", v));
    }

    private void write(byte[] header, byte[] body) {
        out.writeBytes(header);
        out.writeBytes(body);
        int pad = (BLOCK - body.length % BLOCK) % BLOCK;
        out.writeBytes(new byte[pad]);
    }

    /** The tar, with its two zero blocks of end-of-archive. */
    public byte[] build() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(new byte[2 * BLOCK]);
        return copy.toByteArray();
    }
}
