package io.obd4j.iscsi.login;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * CHAP with MD5 (RFC 1994 section 4.1, RFC 7143 section 12.1.3): response = MD5(identifier || secret || challenge).
 * Binary values travel as {@code 0x}-hex or {@code 0b}-base64 constants (RFC 7143 section 6.1).
 */
public final class Chap {
    /** CHAP_A value of MD5. */
    public static final int ALGORITHM_MD5 = 5;

    private Chap() {
    }

    public static byte[] response(int identifier, byte[] secret, byte[] challenge) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
        md5.update((byte) identifier);
        md5.update(secret);
        md5.update(challenge);
        return md5.digest();
    }

    /** Decodes a binary value; null when it is not a well-formed 0x or 0b constant. */
    public static byte[] decodeBinary(String value) {
        if (value == null || value.length() < 3) {
            return null;
        }
        String prefix = value.substring(0, 2).toLowerCase();
        String body = value.substring(2);
        try {
            if (prefix.equals("0x")) {
                if ((body.length() & 1) != 0) {
                    body = "0" + body;
                }
                return HexFormat.of().parseHex(body);
            }
            if (prefix.equals("0b")) {
                return Base64.getDecoder().decode(body);
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    public static String encodeHex(byte[] value) {
        return "0x" + HexFormat.of().formatHex(value);
    }
}
