package io.obd4j.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** A content digest {@code sha256:<64 lowercase hex>} (or sha512 with 128), validated on parse. */
public final class Digest {
    private final String algorithm;
    private final String hex;

    private Digest(String algorithm, String hex) {
        this.algorithm = algorithm;
        this.hex = hex;
    }

    /** Parses {@code algo:hex}; only sha256 and sha512 are accepted, hex must be lowercase and of the right length. */
    public static Digest parse(String text) throws RegistryException {
        if (text == null) {
            throw new RegistryException("invalid digest", "null");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new RegistryException("invalid digest (expected algorithm:hex)", text);
        }
        String algo = text.substring(0, colon);
        String hex = text.substring(colon + 1);
        int want;
        if ("sha256".equals(algo)) {
            want = 64;
        } else if ("sha512".equals(algo)) {
            want = 128;
        } else {
            throw new RegistryException("unsupported digest algorithm (expected sha256 or sha512)", text);
        }
        if (hex.length() != want) {
            throw new RegistryException("invalid digest length (expected " + want + " hex digits, found "
                    + hex.length() + ")", text);
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                throw new RegistryException("invalid digest character '" + c + "' at " + (colon + 1 + i), text);
            }
        }
        return new Digest(algo, hex);
    }

    /** A fresh {@link MessageDigest} for this digest's algorithm. */
    public MessageDigest newHasher() {
        return hasher(algorithm);
    }

    /** The sha256 digest of {@code bytes}. */
    public static Digest sha256(byte[] bytes) {
        return ofSha256(hasher("sha256").digest(bytes));
    }

    /** Wraps a finished sha256 hash. */
    public static Digest ofSha256(byte[] hash) {
        return new Digest("sha256", HexFormat.of().formatHex(hash));
    }

    private static MessageDigest hasher(String algo) {
        try {
            return MessageDigest.getInstance(algo.toUpperCase(Locale.ROOT).replace("SHA", "SHA-"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + algo, e);
        }
    }

    public String algorithm() {
        return algorithm;
    }

    public String hex() {
        return hex;
    }

    /** True when {@code hash} (raw bytes of this algorithm) equals this digest. */
    public boolean matches(byte[] hash) {
        return hex.equals(HexFormat.of().formatHex(hash));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest && ((Digest) o).algorithm.equals(algorithm) && ((Digest) o).hex.equals(hex);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + hex.hashCode();
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
