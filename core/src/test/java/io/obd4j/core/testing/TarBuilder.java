package io.obd4j.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes layer tars for tests, in memory or streamed to any OutputStream: ustar entries (regular files, directories,
 * symlinks, hard links, devices, fifos, whiteouts) with mode, owner and mtime; a PAX header first when a path or link
 * is over 100 bytes or when extra records are given (xattrs as {@code SCHILY.xattr.<name>}, as GNU tar and Docker
 * write them, atime/ctime); GNU long names and raw bytes on request (for broken tars).
 */
public final class TarBuilder {
    private static final int BLOCK = 512;
    private final OutputStream out;
    private long mtime = 1_700_000_000L;

    /** A tar built in memory; {@link #build()} returns it. */
    public TarBuilder() {
        this(new ByteArrayOutputStream());
    }

    /** A tar streamed to {@code out}; {@link #finish()} writes its end. */
    public TarBuilder(OutputStream out) {
        this.out = out;
    }

    /** mtime of the following entries (epoch seconds). */
    public TarBuilder mtime(long seconds) {
        this.mtime = seconds;
        return this;
    }

    public TarBuilder dir(String path, int mode, long uid, long gid) {
        return entry('5', path, "", new byte[0], mode, uid, gid, Map.of());
    }

    public TarBuilder file(String path, int mode, long uid, long gid, byte[] content) {
        return entry('0', path, "", content, mode, uid, gid, Map.of());
    }

    /** A regular file with xattrs ({@code user.a} → {@code SCHILY.xattr.user.a}). */
    public TarBuilder file(String path, int mode, long uid, long gid, byte[] content, Map<String, String> xattrs) {
        Map<String, String> pax = new LinkedHashMap<>();
        xattrs.forEach((k, v) -> pax.put("SCHILY.xattr." + k, v));
        return entry('0', path, "", content, mode, uid, gid, pax);
    }

    /** A root-owned 0644 file holding {@code body} in UTF-8. */
    public TarBuilder file(String path, String body) {
        return file(path, 0644, 0, 0, utf8(body));
    }

    public TarBuilder symlink(String path, String target) {
        return entry('2', path, target, new byte[0], 0777, 0, 0, Map.of());
    }

    public TarBuilder hardlink(String path, String target) {
        return entry('1', path, target, new byte[0], 0644, 0, 0, Map.of());
    }

    public TarBuilder charDevice(String path, int mode, int major, int minor) {
        return device('3', path, mode, major, minor);
    }

    /** A device or fifo entry of tar {@code type} ('3' char, '4' block, '6' fifo). */
    public TarBuilder device(char type, String path, int mode, int major, int minor) {
        header(type, path, "", 0, mode, 0, 0, major, minor);
        return this;
    }

    /** An AUFS whiteout: {@code dir/.wh.name} hides {@code dir/name} of the layers below. */
    public TarBuilder whiteout(String path) {
        int slash = path.lastIndexOf('/');
        return file(path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1), "");
    }

    /** An opaque directory marker: {@code dir/.wh..wh..opq} hides everything below {@code dir} from lower layers. */
    public TarBuilder opaque(String dir) {
        return file(dir + "/.wh..wh..opq", "");
    }

    /** One entry of any type; {@code pax} adds PAX records (e.g. {@code SCHILY.xattr.user.a}, {@code atime}). */
    public TarBuilder entry(char type, String path, String link, byte[] body, int mode, long uid, long gid,
            Map<String, String> pax) {
        Map<String, String> records = new LinkedHashMap<>(pax);
        if (utf8(path).length > 100) {
            records.put("path", path);
        }
        if (utf8(link).length > 100) {
            records.put("linkpath", link);
        }
        if (!records.isEmpty()) {
            byte[] p = paxBody(records);
            header('x', "PaxHeaders/" + path, "", p.length, 0644, 0, 0, 0, 0);
            write(p);
            pad(p.length);
        }
        header(type, path, link, body.length, mode, uid, gid, 0, 0);
        write(body);
        pad(body.length);
        return this;
    }

    /** A regular file whose name comes in a GNU {@code ././@LongLink} entry before it. */
    public TarBuilder gnuLongName(String path, String body) {
        byte[] name = utf8(path + "\0");
        header('L', "././@LongLink", "", name.length, 0644, 0, 0, 0, 0);
        write(name);
        pad(name.length);
        byte[] b = utf8(body);
        header('0', path, "", b.length, 0644, 0, 0, 0, 0);
        write(b);
        pad(b.length);
        return this;
    }

    /** Writes raw bytes (for broken tars). */
    public TarBuilder raw(byte[] b) {
        write(b);
        return this;
    }

    /** Writes one ustar header block (names over 100 bytes cut) and returns it. */
    public byte[] header(char type, String name, String link, long size, int mode, long uid, long gid, int major,
            int minor) {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, utf8(name));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = (byte) type;
        put(h, 157, 100, utf8(link));
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        put(h, 265, 32, (uid == 0 ? "root" : "").getBytes(StandardCharsets.US_ASCII));
        put(h, 297, 32, (gid == 0 ? "root" : "").getBytes(StandardCharsets.US_ASCII));
        octal(h, 329, 8, major);
        octal(h, 337, 8, minor);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        octal(h, 148, 7, sum);
        write(h);
        return h;
    }

    /**
     * PAX records {@code "<len> key=value\n"}; path and link values in UTF-8, the others (xattrs may be binary) one
     * byte per char.
     */
    public static byte[] paxBody(Map<String, String> records) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Map.Entry<String, String> r : records.entrySet()) {
            byte[] kv = utf8(" " + r.getKey() + "=");
            boolean text = r.getKey().equals("path") || r.getKey().equals("linkpath");
            byte[] v = r.getValue().getBytes(text ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            int len = kv.length + v.length + 1;
            int total = len + Integer.toString(len).length();
            if (Integer.toString(total).length() != Integer.toString(len).length()) {
                total++;
            }
            b.writeBytes(Integer.toString(total).getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(kv);
            b.writeBytes(v);
            b.write('\n');
        }
        return b.toByteArray();
    }

    /** Writes the two zero blocks that end a streamed archive. */
    public void finish() {
        write(new byte[2 * BLOCK]);
    }

    /** The in-memory tar, with its two zero blocks of end-of-archive. */
    public byte[] build() {
        if (!(out instanceof ByteArrayOutputStream memory)) {
            throw new IllegalStateException("build() is for in-memory tars; call finish() on a streamed one");
        }
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(memory.toByteArray());
        copy.writeBytes(new byte[2 * BLOCK]);
        return copy.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void put(byte[] h, int off, int max, byte[] v) {
        System.arraycopy(v, 0, h, off, Math.min(max, v.length));
    }

    private static void octal(byte[] h, int off, int len, long v) {
        String s = Long.toOctalString(v);
        put(h, off, len - 1, ("0".repeat(Math.max(0, len - 1 - s.length())) + s).getBytes(StandardCharsets.US_ASCII));
    }

    private void pad(long n) {
        write(new byte[(int) ((BLOCK - n % BLOCK) % BLOCK)]);
    }

    private void write(byte[] b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
