package io.obd4j.core.ext4;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes layer tars for tests: ustar headers, a PAX header when a path or link is longer than 100 bytes, when
 * xattrs or atime/ctime are given, and GNU long names on request. Streams to any OutputStream.
 */
final class TestTar {
    private final OutputStream out;
    private long mtime = 1_600_000_000L;

    TestTar(OutputStream out) {
        this.out = out;
    }

    static TestTar inMemory() {
        return new TestTar(new ByteArrayOutputStream());
    }

    byte[] bytes() {
        finish();
        return ((ByteArrayOutputStream) out).toByteArray();
    }

    TestTar mtime(long t) {
        this.mtime = t;
        return this;
    }

    /** One entry; {@code pax} adds PAX records (e.g. {@code SCHILY.xattr.user.a}). */
    TestTar entry(char type, String path, String link, byte[] body, int mode, long uid, long gid,
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
            header('x', "PaxHeaders/" + trim(path), "", p.length, 0644, 0, 0, 0, 0);
            write(p);
            pad(p.length);
        }
        header(type, trim(path), trim(link), body.length, mode, uid, gid, 0, 0);
        write(body);
        pad(body.length);
        return this;
    }

    TestTar file(String path, byte[] body, int mode, long uid, long gid) {
        return entry('0', path, "", body, mode, uid, gid, Map.of());
    }

    TestTar file(String path, String body) {
        return file(path, body.getBytes(StandardCharsets.UTF_8), 0644, 0, 0);
    }

    TestTar dir(String path, int mode, long uid, long gid) {
        return entry('5', path, "", new byte[0], mode, uid, gid, Map.of());
    }

    TestTar symlink(String path, String target) {
        return entry('2', path, target, new byte[0], 0777, 0, 0, Map.of());
    }

    TestTar hardlink(String path, String target) {
        return entry('1', path, target, new byte[0], 0644, 0, 0, Map.of());
    }

    TestTar device(char type, String path, int mode, int major, int minor) {
        header(type, path, "", 0, mode, 0, 0, major, minor);
        return this;
    }

    TestTar gnuLongName(String path, String body) {
        byte[] name = (path + "\0").getBytes(StandardCharsets.UTF_8);
        header('L', "././@LongLink", "", name.length, 0644, 0, 0, 0, 0);
        write(name);
        pad(name.length);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        header('0', trim(path), "", b.length, 0644, 0, 0, 0, 0);
        write(b);
        pad(b.length);
        return this;
    }

    /** Writes raw bytes (for broken tars). */
    TestTar raw(byte[] b) {
        write(b);
        return this;
    }

    void finish() {
        write(new byte[1024]);
    }

    byte[] header(char type, String name, String link, long size, int mode, long uid, long gid, int major,
                  int minor) {
        byte[] h = new byte[512];
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
        put(h, 265, 32, "root".getBytes(StandardCharsets.US_ASCII));
        put(h, 297, 32, "root".getBytes(StandardCharsets.US_ASCII));
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

    static byte[] paxBody(Map<String, String> records) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Map.Entry<String, String> r : records.entrySet()) {
            byte[] kv = (" " + r.getKey() + "=").getBytes(StandardCharsets.UTF_8);
            byte[] v = r.getValue().getBytes(StandardCharsets.ISO_8859_1);
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

    private static String trim(String s) {
        byte[] b = utf8(s);
        return b.length <= 100 ? s : new String(b, 0, 100, StandardCharsets.ISO_8859_1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void put(byte[] h, int off, int max, byte[] v) {
        System.arraycopy(v, 0, h, off, Math.min(max, v.length));
    }

    private static void octal(byte[] h, int off, int len, long v) {
        String s = Long.toOctalString(v);
        String padded = "0".repeat(Math.max(0, len - 1 - s.length())) + s;
        put(h, off, len - 1, padded.getBytes(StandardCharsets.US_ASCII));
    }

    private void pad(long n) {
        write(new byte[(int) ((512 - n % 512) % 512)]);
    }

    private void write(byte[] b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
