package io.obd4j.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * overlaybd's credentials file ({@code credentialFilePath}, default {@code /opt/overlaybd/cred.json}):
 * {@code {"auths": {"<key>": {"username": "...", "password": "..."} | {"auth": "<base64 user:pass>"}}}}.
 * Reread on every lookup, as overlaybd's {@code reload_auth}; any failure means anonymous.
 *
 * <p>Key matching (spec §4.2, not longest-prefix): the URL after the scheme is split on {@code /}, the digest and the
 * {@code blobs} component are dropped and {@code v2} skipped, giving candidates {@code host}, {@code host/a},
 * {@code host/a/b}…; the first key in document order that exactly equals a candidate and has usable credentials
 * wins.
 */
public final class CredentialsFile implements CredentialsProvider {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialsFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;

    public CredentialsFile(Path path) {
        this.path = path;
    }

    @Override
    public Credentials lookup(String blobUrl) {
        JsonNode root;
        try {
            root = JSON.readTree(path.toFile());
        } catch (IOException e) {
            LOG.warn("credentials file {} unreadable, using anonymous access: {}", path, e.getClass().getSimpleName());
            return Credentials.ANONYMOUS;
        }
        JsonNode auths = root == null ? null : root.get("auths");
        if (auths == null || !auths.isObject()) {
            LOG.warn("credentials file {} has no \"auths\" object, using anonymous access", path);
            return Credentials.ANONYMOUS;
        }
        return match(auths, candidates(blobUrl));
    }

    /** The candidate keys for {@code blobUrl}, shortest first. */
    public static List<String> candidates(String blobUrl) {
        String s = blobUrl;
        if (s.startsWith("https://")) {
            s = s.substring(8);
        } else if (s.startsWith("http://")) {
            s = s.substring(7);
        }
        String[] words = s.split("/", -1);
        List<String> out = new ArrayList<>();
        if (words.length == 0 || words[0].isEmpty()) {
            return out;
        }
        StringBuilder prefix = new StringBuilder(words[0]);
        out.add(prefix.toString());
        // words = host, v2, repo..., blobs, digest: candidates extend over the repo components only.
        for (int i = 2; i <= words.length - 3; i++) {
            prefix.append('/').append(words[i]);
            out.add(prefix.toString());
        }
        return out;
    }

    static Credentials match(JsonNode auths, List<String> candidates) {
        Iterator<Map.Entry<String, JsonNode>> it = auths.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!candidates.contains(e.getKey())) {
                continue;
            }
            Credentials c = usable(e.getValue());
            if (c != null) {
                LOG.debug("credentials for key {} selected", e.getKey());
                return c;
            }
        }
        return Credentials.ANONYMOUS;
    }

    private static Credentials usable(JsonNode entry) {
        if (entry == null || !entry.isObject()) {
            return null;
        }
        JsonNode auth = entry.get("auth");
        if (auth != null && auth.isTextual() && !auth.asText().isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.asText()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
        JsonNode user = entry.get("username");
        JsonNode pass = entry.get("password");
        if (user != null && user.isTextual()) {
            return new Credentials(user.asText(), pass != null && pass.isTextual() ? pass.asText() : "");
        }
        return null;
    }

    @Override
    public String toString() {
        return "credentials file " + path;
    }
}
