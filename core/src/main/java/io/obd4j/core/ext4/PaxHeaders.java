package io.obd4j.core.ext4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses a PAX extended header body: records {@code "<len> <key>=<value>\n"} where {@code len} counts the whole
 * record. Values stay raw bytes (ISO-8859-1 strings), because {@code SCHILY.xattr.*} values are binary.
 */
final class PaxHeaders {
    static final String SCHILY_XATTR = "SCHILY.xattr.";
    static final String LIBARCHIVE_XATTR = "LIBARCHIVE.xattr.";

    private PaxHeaders() {
    }

    /** The records in order; a later record with the same key replaces an earlier one. */
    static Map<String, String> parse(byte[] body, String where) throws TarFormatException {
        Map<String, String> out = new LinkedHashMap<>();
        int pos = 0;
        while (pos < body.length) {
            if (body[pos] == 0) {
                break;
            }
            int sp = pos;
            long len = 0;
            while (sp < body.length && body[sp] >= '0' && body[sp] <= '9' && len < Integer.MAX_VALUE) {
                len = len * 10 + (body[sp] - '0');
                sp++;
            }
            if (sp == pos || sp >= body.length || body[sp] != ' ' || len <= sp - pos || pos + len > body.length
                || body[(int) (pos + len - 1)] != '\n') {
                throw new TarFormatException(where + ": PAX record at byte " + pos
                    + ": expected \"<length> <key>=<value>\\n\"");
            }
            int end = (int) (pos + len - 1);
            int eq = sp + 1;
            while (eq < end && body[eq] != '=') {
                eq++;
            }
            if (eq >= end) {
                throw new TarFormatException(where + ": PAX record at byte " + pos + " has no '='");
            }
            String key = new String(body, sp + 1, eq - sp - 1, StandardCharsets.ISO_8859_1);
            out.put(key, new String(body, eq + 1, end - eq - 1, StandardCharsets.ISO_8859_1));
            pos = (int) (pos + len);
        }
        return out;
    }

    /** The xattrs a PAX header carries (both the star/GNU and the libarchive spelling), name → value bytes. */
    static Map<String, byte[]> xattrs(Map<String, String> pax, String where) throws TarFormatException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : pax.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(SCHILY_XATTR)) {
                out.put(k.substring(SCHILY_XATTR.length()), e.getValue().getBytes(StandardCharsets.ISO_8859_1));
            } else if (k.startsWith(LIBARCHIVE_XATTR)) {
                String name = urlDecode(k.substring(LIBARCHIVE_XATTR.length()), where);
                try {
                    out.put(name, Base64.getDecoder().decode(base64Padded(e.getValue().strip())));
                } catch (IllegalArgumentException ex) {
                    throw new TarFormatException(where + ": PAX " + k + ": value is not base64: " + ex.getMessage());
                }
            }
        }
        return out;
    }

    private static String base64Padded(String s) {
        int pad = (4 - s.length() % 4) % 4;
        return s + "=".repeat(pad == 3 ? 0 : pad);
    }

    private static String urlDecode(String s, String where) throws TarFormatException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new TarFormatException(where + ": PAX xattr name " + s + ": truncated %-escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                int v = hi << 4 | lo;
                if (hi < 0 || lo < 0) {
                    throw new TarFormatException(where + ": PAX xattr name " + s + ": bad %-escape");
                }
                b.write(v);
                i += 2;
            } else {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** A decimal PAX number; times may carry a fraction, which is dropped (floor for negative times). */
    static long number(String value, String key, String where) throws TarFormatException {
        String v = value.strip();
        int dot = v.indexOf('.');
        String whole = dot >= 0 ? v.substring(0, dot) : v;
        try {
            long n = Long.parseLong(whole);
            if (dot >= 0 && whole.startsWith("-") && v.substring(dot + 1).chars().anyMatch(c -> c != '0')) {
                n--;
            }
            return n;
        } catch (NumberFormatException e) {
            throw new TarFormatException(where + ": PAX " + key + "=" + value + ": expected a decimal number");
        }
    }
}
