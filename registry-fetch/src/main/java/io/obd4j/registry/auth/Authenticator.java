package io.obd4j.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a registry's {@code 401} challenge into an {@code Authorization} header and remembers it: per repository the
 * last challenge, per {@code realm|service|scope} the bearer token until it expires ({@code expires_in}, at least
 * 30 s as overlaybd's {@code kMinimalTokenLife}, minus a safety margin). A request that still gets 401 with a
 * remembered header calls {@link #challenge} with {@code refresh=true}, which drops the token and rereads the
 * credentials. Tokens and passwords are never logged.
 */
public final class Authenticator {
    /** Token lifetime when the server does not say (distribution's documented default). */
    public static final long DEFAULT_TOKEN_SECONDS = 60;
    private static final long MIN_TOKEN_SECONDS = 30;
    private static final long MARGIN_SECONDS = 5;
    private static final int MAX_TOKEN_BYTES = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CredentialsProvider credentials;
    private final TokenFetcher fetcher;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, AuthChallenge> challenges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();

    public Authenticator(CredentialsProvider credentials, TokenFetcher fetcher, LongSupplier nanoClock) {
        this.credentials = credentials;
        this.fetcher = fetcher;
        this.nanoClock = nanoClock;
    }

    /**
     * The header to send for {@code repoKey} before any challenge of this request, or null (anonymous, or nothing
     * known yet). An expired bearer token is refreshed here.
     */
    public String authorization(String repoKey, String credentialUrl) throws IOException {
        AuthChallenge c = challenges.get(repoKey);
        return c == null ? null : headerFor(c, credentialUrl, false);
    }

    /**
     * Handles a 401/403 answer's {@code WWW-Authenticate} header for {@code repoKey}.
     *
     * @param refresh the request already carried a header from this authenticator: drop cached tokens
     * @return the header to retry with, or null when the challenge cannot be answered
     */
    public String challenge(String repoKey, String wwwAuthenticate, String credentialUrl, boolean refresh)
            throws IOException {
        AuthChallenge c = AuthChallenge.parse(wwwAuthenticate);
        if (c == null || !(c.isBasic() || c.isBearer())) {
            LOG.debug("unsupported or missing challenge for {}", repoKey);
            return null;
        }
        if (c.isBearer() && (c.param("realm") == null || c.param("realm").isEmpty())) {
            LOG.warn("bearer challenge for {} has no realm", repoKey);
            return null;
        }
        challenges.put(repoKey, c);
        return headerFor(c, credentialUrl, refresh);
    }

    /** Forgets everything known about {@code repoKey} (its challenge and token). */
    public void invalidate(String repoKey) {
        AuthChallenge c = challenges.remove(repoKey);
        if (c != null && c.isBearer()) {
            tokens.remove(tokenKey(c));
        }
    }

    private String headerFor(AuthChallenge c, String credentialUrl, boolean refresh) throws IOException {
        Credentials cred = credentials.lookup(credentialUrl);
        if (c.isBasic()) {
            return cred.isAnonymous() ? null : cred.basicHeader();
        }
        String key = tokenKey(c);
        long now = nanoClock.getAsLong();
        Token t = tokens.get(key);
        if (!refresh && t != null && now - t.expiresAtNanos < 0) {
            return t.header;
        }
        synchronized (this) {
            Token again = tokens.get(key);
            if (again != null && again != t && nanoClock.getAsLong() - again.expiresAtNanos < 0) {
                return again.header;
            }
            Token fresh = fetchToken(c, cred);
            tokens.put(key, fresh);
            return fresh.header;
        }
    }

    private Token fetchToken(AuthChallenge c, Credentials cred) throws IOException {
        StringBuilder q = new StringBuilder(c.param("realm"));
        char sep = c.param("realm").indexOf('?') < 0 ? '?' : '&';
        if (c.param("service") != null) {
            q.append(sep).append("service=").append(URLEncoder.encode(c.param("service"), StandardCharsets.UTF_8));
            sep = '&';
        }
        if (c.param("scope") != null) {
            for (String scope : c.param("scope").split(" ")) {
                q.append(sep).append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        URI uri = URI.create(q.toString());
        byte[] body = fetcher.fetch(uri, cred.isAnonymous() ? null : cred.basicHeader());
        if (body.length > MAX_TOKEN_BYTES) {
            throw new IOException("token response larger than " + MAX_TOKEN_BYTES + " bytes");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new IOException("token response is not JSON");
        }
        JsonNode tok = json == null ? null : json.get("token");
        if (tok == null || !tok.isTextual() || tok.asText().isEmpty()) {
            tok = json == null ? null : json.get("access_token");
        }
        if (tok == null || !tok.isTextual() || tok.asText().isEmpty()) {
            throw new IOException("token response has neither token nor access_token");
        }
        long life = json.path("expires_in").asLong(DEFAULT_TOKEN_SECONDS);
        life = Math.max(MIN_TOKEN_SECONDS, life) - MARGIN_SECONDS;
        LOG.debug("bearer token obtained for scope {} valid {} s", c.param("scope"), life);
        return new Token("Bearer " + tok.asText(), nanoClock.getAsLong() + life * 1_000_000_000L);
    }

    private static String tokenKey(AuthChallenge c) {
        return c.param("realm") + "|" + c.param("service") + "|" + c.param("scope");
    }

    /** A bearer header and when it stops being reused. */
    private static final class Token {
        final String header;
        final long expiresAtNanos;

        Token(String header, long expiresAtNanos) {
            this.header = header;
            this.expiresAtNanos = expiresAtNanos;
        }

        @Override
        public String toString() {
            return "token (hidden)";
        }
    }
}
