package io.obd4j.core.format.lsmt;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;

/**
 * A layer UUID as photon's {@code UUID} handles it (spec §1.2): 16 bytes whose string form is their hex in storage
 * order, dashed at 8/13/18/23, written upper case; parsing accepts either case. Equality compares the bytes.
 */
public final class LayerUuid {
    /** The all-zero UUID, written as {@code 00000000-0000-0000-0000-000000000000}. */
    public static final LayerUuid NULL = new LayerUuid(new byte[16]);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private LayerUuid(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A random version-4 UUID. */
    public static LayerUuid random() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0F) | 0x40);
        b[8] = (byte) ((b[8] & 0x3F) | 0x80);
        return new LayerUuid(b);
    }

    /** True for exactly 36 characters, dashes at 8/13/18/23 and hex digits elsewhere (photon {@code is_valid}). */
    public static boolean isValid(String s) {
        if (s == null || s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Parses a UUID string; throws {@link IllegalArgumentException} when {@link #isValid} is false. */
    public static LayerUuid parse(String s) {
        if (!isValid(s)) {
            throw new IllegalArgumentException("not a UUID (36 chars, dashes at 8/13/18/23, hex): '" + s + "'");
        }
        byte[] b = new byte[16];
        String hex = s.replace("-", "");
        for (int i = 0; i < 16; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return new LayerUuid(b);
    }

    /** Parses {@code s} when valid, else the null UUID (how {@code compact()} treats a missing commit uuid). */
    public static LayerUuid parseOrNull(String s) {
        return isValid(s) ? parse(s) : NULL;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isNull() {
        return Arrays.equals(bytes, NULL.bytes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                sb.append('-');
            }
            sb.append(String.format(Locale.ROOT, "%02X", bytes[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerUuid u && Arrays.equals(bytes, u.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
