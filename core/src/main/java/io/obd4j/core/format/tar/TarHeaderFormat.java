package io.obd4j.core.format.tar;

import java.nio.charset.StandardCharsets;

/**
 * One 512-byte ustar header block ({@code TarHeader} in {@code src/overlaybd/tar/libtar.h}). Numbers are ASCII
 * octal; the checksum is the byte sum of the block with the checksum field taken as 8 spaces.
 *
 * <table>
 * <caption>ustar header</caption>
 * <tr><th>Off</th><th>Size</th><th>Field</th></tr>
 * <tr><td>0</td><td>100</td><td>name</td></tr>
 * <tr><td>100</td><td>8</td><td>mode</td></tr>
 * <tr><td>108</td><td>8</td><td>uid</td></tr>
 * <tr><td>116</td><td>8</td><td>gid</td></tr>
 * <tr><td>124</td><td>12</td><td>size</td></tr>
 * <tr><td>136</td><td>12</td><td>mtime</td></tr>
 * <tr><td>148</td><td>8</td><td>chksum</td></tr>
 * <tr><td>156</td><td>1</td><td>typeflag ('0' file, 'x' PAX, 'g' PAX global, 'L'/'K' GNU long name/link)</td></tr>
 * <tr><td>157</td><td>100</td><td>linkname</td></tr>
 * <tr><td>257</td><td>6</td><td>magic ({@code "ustar\0"}; only the first 5 bytes are compared)</td></tr>
 * <tr><td>263</td><td>2</td><td>version ({@code "00"})</td></tr>
 * <tr><td>265</td><td>32</td><td>uname</td></tr>
 * <tr><td>297</td><td>32</td><td>gname</td></tr>
 * <tr><td>329</td><td>8</td><td>devmajor</td></tr>
 * <tr><td>337</td><td>8</td><td>devminor</td></tr>
 * <tr><td>345</td><td>155</td><td>prefix</td></tr>
 * <tr><td>500</td><td>12</td><td>padding</td></tr>
 * </table>
 */
public final class TarHeaderFormat {
    public static final int BLOCK = 512;
    public static final int NAME_OFFSET = 0;
    public static final int NAME_LENGTH = 100;
    public static final int MODE_OFFSET = 100;
    public static final int UID_OFFSET = 108;
    public static final int GID_OFFSET = 116;
    public static final int SIZE_OFFSET = 124;
    public static final int MTIME_OFFSET = 136;
    public static final int CHKSUM_OFFSET = 148;
    public static final int TYPEFLAG_OFFSET = 156;
    public static final int MAGIC_OFFSET = 257;
    public static final int VERSION_OFFSET = 263;
    public static final int UNAME_OFFSET = 265;
    public static final int GNAME_OFFSET = 297;
    public static final int OWNER_NAME_LENGTH = 32;

    public static final byte REGTYPE = '0';
    public static final byte PAX_HEADER = 'x';
    public static final byte PAX_GLOBAL_HEADER = 'g';
    public static final byte GNU_LONGNAME = 'L';
    public static final byte GNU_LONGLINK = 'K';

    private TarHeaderFormat() {
    }

    /** {@code is_tar_file}: magic "ustar" (5 bytes), version "00" and a valid (unsigned or signed) checksum. */
    public static boolean isUstar(byte[] h) {
        byte[] magic = "ustar".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < magic.length; i++) {
            if (h[MAGIC_OFFSET + i] != magic[i]) {
                return false;
            }
        }
        if (h[VERSION_OFFSET] != '0' || h[VERSION_OFFSET + 1] != '0') {
            return false;
        }
        long stored = parseOctal(h, CHKSUM_OFFSET, BLOCK - CHKSUM_OFFSET);
        return stored == checksum(h, false) || stored == checksum(h, true);
    }

    /** {@code crc_calc} / {@code signed_crc_calc}: byte sum with the checksum field counted as spaces. */
    public static int checksum(byte[] h, boolean signed) {
        int sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            boolean inField = i >= CHKSUM_OFFSET && i < CHKSUM_OFFSET + 8;
            sum += inField ? ' ' : signed ? h[i] : h[i] & 0xFF;
        }
        return sum;
    }

    /**
     * Like {@code sscanf("%o")} on the field at {@code off}: skips leading white space, then reads octal digits
     * (at most {@code max} bytes in total). Returns -1 when there is no digit, or on overflow.
     */
    public static long parseOctal(byte[] h, int off, int max) {
        int i = off;
        int end = off + max;
        while (i < end && (h[i] == ' ' || (h[i] >= '\t' && h[i] <= '\r'))) {
            i++;
        }
        long v = 0;
        int digits = 0;
        while (i < end && h[i] >= '0' && h[i] <= '7') {
            if (v > (Long.MAX_VALUE >> 3)) {
                return -1;
            }
            v = (v << 3) | (h[i] - '0');
            i++;
            digits++;
        }
        return digits == 0 ? -1 : v;
    }

    /** {@code int_to_oct}: {@code "%*lo "} right-aligned in {@code len - 2} columns, a space, then NUL. */
    public static void putOctal(byte[] h, int off, int len, long value) {
        putPadded(h, off, len - 2, Long.toOctalString(value));
        h[off + len - 2] = ' ';
        h[off + len - 1] = 0;
    }

    /** {@code int_to_oct_nonull}: right-aligned in {@code len - 1} columns, then a space (no NUL). */
    public static void putOctalNoNul(byte[] h, int off, int len, long value) {
        putPadded(h, off, len - 1, Long.toOctalString(value));
        h[off + len - 1] = ' ';
    }

    /** Copies an ASCII string (truncated to {@code max - 1} bytes, NUL-padded). */
    public static void putString(byte[] h, int off, int max, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, Math.min(b.length, max - 1));
    }

    /** Stores the checksum as {@code int_to_oct(crc_calc(), chksum, 8)}. */
    public static void putChecksum(byte[] h) {
        putOctal(h, CHKSUM_OFFSET, 8, checksum(h, false));
    }

    private static void putPadded(byte[] h, int off, int width, String digits) {
        int pad = Math.max(0, width - digits.length());
        for (int i = 0; i < pad; i++) {
            h[off + i] = ' ';
        }
        byte[] d = digits.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(d, 0, h, off + pad, Math.min(d.length, width));
    }
}
