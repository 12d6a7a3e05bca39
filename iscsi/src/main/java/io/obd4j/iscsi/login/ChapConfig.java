package io.obd4j.iscsi.login;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * CHAP credentials of a target: the name and secret an initiator must prove, and optionally the name and secret the
 * target answers with when the initiator asks for mutual authentication. {@link #toString()} never shows secrets.
 */
public final class ChapConfig {
    private final String user;
    private final byte[] secret;
    private final String mutualUser;
    private final byte[] mutualSecret;

    private ChapConfig(String user, byte[] secret, String mutualUser, byte[] mutualSecret) {
        this.user = user;
        this.secret = secret;
        this.mutualUser = mutualUser;
        this.mutualSecret = mutualSecret;
    }

    /** One-way CHAP: the initiator proves {@code user}/{@code secret}. */
    public static ChapConfig oneWay(String user, String secret) {
        return new ChapConfig(require(user, "user"), bytes(require(secret, "secret")), null, null);
    }

    /** Mutual CHAP: additionally the target proves {@code mutualUser}/{@code mutualSecret} when asked. */
    public static ChapConfig mutual(String user, String secret, String mutualUser, String mutualSecret) {
        return new ChapConfig(require(user, "user"), bytes(require(secret, "secret")),
            require(mutualUser, "mutualUser"), bytes(require(mutualSecret, "mutualSecret")));
    }

    private static String require(String v, String name) {
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("CHAP " + name + " must not be empty");
        }
        return v;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public String user() {
        return user;
    }

    byte[] secret() {
        return secret.clone();
    }

    public boolean hasMutual() {
        return mutualUser != null;
    }

    public String mutualUser() {
        return mutualUser;
    }

    byte[] mutualSecret() {
        return mutualSecret == null ? null : mutualSecret.clone();
    }

    boolean sameSecrets() {
        return mutualSecret != null && Arrays.equals(secret, mutualSecret);
    }

    @Override
    public String toString() {
        return "ChapConfig[user=" + user + (hasMutual() ? ", mutualUser=" + mutualUser : "") + ", secrets=***]";
    }
}
