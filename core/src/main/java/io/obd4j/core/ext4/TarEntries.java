package io.obd4j.core.ext4;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns one ustar header plus the PAX/GNU overrides that preceded it into a {@link TarEntry}. */
final class TarEntries {
    private TarEntries() {
    }

    static TarEntry build(byte[] h, byte typeFlag, String name, String longLink, Map<String, String> pax, long size,
                          String where) throws TarFormatException {
        for (String k : pax.keySet()) {
            if (k.startsWith("GNU.sparse.")) {
                throw new TarFormatException(where + ": GNU sparse files (PAX " + k + ") are not supported");
            }
        }
        String rawName = pax.getOrDefault("path", name);
        String link = pax.getOrDefault("linkpath", longLink != null ? longLink : field(h, 157, 100));
        TarEntry.Type type = type(typeFlag, rawName, where);
        String path = normalise(rawName, where);
        if (type == TarEntry.Type.HARDLINK) {
            link = normalise(link, where + " (hardlink target)");
            if (link.isEmpty()) {
                throw new TarFormatException(where + ": hardlink to the root directory");
            }
        } else if (type != TarEntry.Type.SYMLINK) {
            link = "";
        } else if (link.isEmpty()) {
            throw new TarFormatException(where + ": symlink with an empty target");
        }
        if (size < 0) {
            throw new TarFormatException(where + ": negative size " + size);
        }
        int mode = (int) (number(h, 100, 8, "mode", where) & 07777);
        long uid = paxOr(pax, "uid", number(h, 108, 8, "uid", where), where);
        long gid = paxOr(pax, "gid", number(h, 116, 8, "gid", where), where);
        long mtime = paxOr(pax, "mtime", number(h, 136, 12, "mtime", where), where);
        long atime = paxOr(pax, "atime", mtime, where);
        long ctime = paxOr(pax, "ctime", mtime, where);
        boolean device = type == TarEntry.Type.CHAR || type == TarEntry.Type.BLOCK;
        long major = device ? paxOr(pax, "SCHILY.devmajor", number(h, 329, 8, "devmajor", where), where) : 0;
        long minor = device ? paxOr(pax, "SCHILY.devminor", number(h, 337, 8, "devminor", where), where) : 0;
        if (uid < 0 || uid > 0xFFFF_FFFFL || gid < 0 || gid > 0xFFFF_FFFFL) {
            throw new TarFormatException(where + ": uid/gid " + uid + "/" + gid + " outside [0, 2^32)");
        }
        if (major < 0 || major > 0xFFF || minor < 0 || minor > 0xFFFFF) {
            throw new TarFormatException(where + ": device " + major + ":" + minor + " outside 12:20 bits");
        }
        return new TarEntry(rawName, path, type, link, type == TarEntry.Type.FILE ? size : 0, mode, uid, gid,
            mtime, atime, ctime, (int) major, (int) minor, PaxHeaders.xattrs(pax, where));
    }

    private static TarEntry.Type type(byte flag, String name, String where) throws TarFormatException {
        return switch (flag) {
            case '0', 0, '7' -> name.endsWith("/") ? TarEntry.Type.DIR : TarEntry.Type.FILE;
            case '1' -> TarEntry.Type.HARDLINK;
            case '2' -> TarEntry.Type.SYMLINK;
            case '3' -> TarEntry.Type.CHAR;
            case '4' -> TarEntry.Type.BLOCK;
            case '5' -> TarEntry.Type.DIR;
            case '6' -> TarEntry.Type.FIFO;
            default -> throw new TarFormatException(where + ": unsupported typeflag '" + (char) flag
                + "' (expected one of 0 1 2 3 4 5 6 7 x g L K)");
        };
    }

    /** Drops "", "." and a leading "/"; rejects "..", which would leave the root. */
    static String normalise(String raw, String where) throws TarFormatException {
        List<String> parts = new ArrayList<>();
        for (String p : raw.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                throw new TarFormatException(where + ": path " + TarEntry.display(raw) + " contains '..'");
            }
            parts.add(p);
        }
        return String.join("/", parts);
    }

    private static long paxOr(Map<String, String> pax, String key, long fallback, String where)
            throws TarFormatException {
        String v = pax.get(key);
        return v == null ? fallback : PaxHeaders.number(v, key, where);
    }

    /** An octal field (leading spaces, ending at space or NUL; empty = 0) or a GNU base-256 field. */
    static long number(byte[] h, int off, int len, String field, String where) throws TarFormatException {
        if ((h[off] & 0x80) != 0) {
            long v = h[off] & 0x3F;
            if ((h[off] & 0x40) != 0) {
                v |= ~0x3FL;
            }
            for (int i = 1; i < len; i++) {
                if ((v >>> 55) != 0 && (v >>> 55) != 0x1FF) {
                    throw new TarFormatException(where + ": base-256 " + field + " overflows 64 bits");
                }
                v = (v << 8) | (h[off + i] & 0xFF);
            }
            return v;
        }
        int i = off;
        int end = off + len;
        while (i < end && h[i] == ' ') {
            i++;
        }
        long v = 0;
        while (i < end && h[i] >= '0' && h[i] <= '7') {
            v = (v << 3) | (h[i] - '0');
            i++;
        }
        if (i < end && h[i] != ' ' && h[i] != 0) {
            throw new TarFormatException(where + ": field " + field + " at header byte " + off
                + ": expected octal digits, found '" + new String(h, off, len, StandardCharsets.ISO_8859_1).trim()
                + "'");
        }
        return v;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.ISO_8859_1);
    }
}
