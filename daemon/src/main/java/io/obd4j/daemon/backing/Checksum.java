package io.obd4j.daemon.backing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An expected checksum: {@code sha256:<64 hex>}, {@code sha512:<128 hex>}, or bare hex whose length tells the
 * algorithm (Longhorn takes bare SHA-512 only; SHA-256 is accepted too).
 */
public record Checksum(String algorithm, String hex) {

    /** Parses {@code text}; throws with the reason when it is neither form. */
    public static Checksum parse(String text) throws BackingImageException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String algo;
        String hex;
        if (t.startsWith("sha256:") || t.startsWith("sha512:")) {
            algo = t.substring(0, 6);
            hex = t.substring(7);
        } else {
            algo = t.length() == 64 ? "sha256" : "sha512";
            hex = t;
        }
        int want = algo.equals("sha256") ? 64 : 128;
        if (hex.length() != want || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new BackingImageException(BackingImageException.Kind.BAD_REQUEST, "checksum \"" + text
                    + "\": expected sha256:<64 hex digits>, sha512:<128 hex digits> or bare hex of either length");
        }
        return new Checksum(algo, hex);
    }

    /** A fresh digest of this algorithm. */
    public MessageDigest newDigest() {
        return digest(algorithm);
    }

    /** The {@code algo:hex} text of a finished digest. */
    public static String text(String algorithm, MessageDigest d) {
        return algorithm + ":" + HexFormat.of().formatHex(d.digest());
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has " + algorithm, e);
        }
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
