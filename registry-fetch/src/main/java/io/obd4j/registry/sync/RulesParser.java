package io.obd4j.registry.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.obd4j.registry.RegistryException;
import io.obd4j.registry.auth.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Reads image-syncer style rules, JSON or YAML (by extension: {@code .yaml}/{@code .yml} are YAML):
 * <pre>
 * auth:                                   # optional; key = registry or registry/namespace, longest prefix wins
 *   registry.example.com/team: {username: u, password: "${TEAM_PASSWORD}", insecure: false, http: false,
 *                               caFile: /etc/ssl/team-ca.pem}
 * images:                                 # source → destination, or a list of destinations
 *   src.example.com/team/app:v1,v2: dst.example.com/mirror/app
 *   src.example.com/team/web:/^v1\.[0-9]+$/: [dst.example.com/a/web, dst.example.com/b/web]
 *   src.example.com/team/db@sha256:…: dst.example.com/mirror/db:pinned
 * </pre>
 * The {@code auth} and {@code images} maps may also come from two files (image-syncer's {@code --auth} and
 * {@code --images}). Every error names the file and the field ({@code images."key"[1]}) and what was expected.
 */
public final class RulesParser {
    private static final Set<String> TOP_KEYS = Set.of("auth", "images");
    private static final Set<String> AUTH_KEYS = Set.of("username", "password", "insecure", "http", "caFile");
    private static final Pattern AUTH_KEY = Pattern.compile(
            "[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final UnaryOperator<String> env;

    /** @param env environment lookup for {@code ${VAR}} / {@code $VAR} credentials (null = unset) */
    public RulesParser(UnaryOperator<String> env) {
        this.env = env;
    }

    /** A parser reading the process environment. */
    public static RulesParser withSystemEnv() {
        return new RulesParser(System::getenv);
    }

    /** One file with an {@code images} map and an optional {@code auth} map. */
    public SyncRules parse(Path config) throws RegistryException {
        JsonNode root = read(config);
        expectObject(root, config, "(top level)");
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!TOP_KEYS.contains(k)) {
                throw error(config, k, "unknown key (expected auth or images)");
            }
        }
        if (!root.has("images")) {
            throw error(config, "images", "missing (expected a map of source → destination)");
        }
        AuthTable auth = root.has("auth") ? auth(root.get("auth"), config, "auth") : new AuthTable(Map.of());
        return new SyncRules(images(root.get("images"), config, "images"), auth);
    }

    /** image-syncer's split form: an images map file and an auth map file ({@code auth} may be null). */
    public SyncRules parse(Path images, Path auth) throws RegistryException {
        AuthTable table = auth == null ? new AuthTable(Map.of()) : auth(read(auth), auth, "");
        return new SyncRules(images(read(images), images, ""), table);
    }

    private static JsonNode read(Path file) throws RegistryException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new ObjectMapper(new YAMLFactory())
                : new ObjectMapper();
        try {
            JsonNode n = mapper.readTree(Files.readAllBytes(file));
            if (n == null || n.isMissingNode()) {
                throw new SyncRulesException(file + ": empty rules file");
            }
            return n;
        } catch (NoSuchFileException e) {
            throw new SyncRulesException(file + ": no such rules file");
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new SyncRulesException(file + ": not valid " + (mapper.getFactory() instanceof YAMLFactory
                    ? "YAML" : "JSON") + at + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SyncRulesException(file + ": cannot read: " + e.getMessage());
        }
    }

    private AuthTable auth(JsonNode node, Path file, String field) throws RegistryException {
        expectObject(node, file, field.isEmpty() ? "(top level)" : field);
        Map<String, RegistryAccess> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = path(field, e.getKey());
            if (!AUTH_KEY.matcher(e.getKey()).matches()) {
                throw error(file, where, "invalid key (expected registry[:port] or registry/namespace)");
            }
            entries.put(e.getKey(), access(e.getValue(), file, where));
        }
        return new AuthTable(entries);
    }

    private RegistryAccess access(JsonNode n, Path file, String where) throws RegistryException {
        expectObject(n, file, where);
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!AUTH_KEYS.contains(k)) {
                throw error(file, where + "." + k, "unknown key (expected one of " + String.join(", ",
                        List.of("username", "password", "insecure", "http", "caFile")) + ")");
            }
        }
        String user = secret(n, "username", file, where);
        String password = secret(n, "password", file, where);
        if (user.isEmpty() && !password.isEmpty()) {
            throw error(file, where + ".username", "missing (a password was given)");
        }
        String ca = n.has("caFile") ? string(n.get("caFile"), file, where + ".caFile") : null;
        return new RegistryAccess(new Credentials(user, password), bool(n, "http", file, where),
                bool(n, "insecure", file, where), ca == null ? null : file.toAbsolutePath().resolveSibling(ca));
    }

    private String secret(JsonNode n, String key, Path file, String where) throws RegistryException {
        if (!n.has(key)) {
            return "";
        }
        String v = string(n.get(key), file, where + "." + key);
        var m = ENV.matcher(v);
        if (m.matches()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = env.apply(name);
            if (value == null) {
                throw error(file, where + "." + key, "environment variable " + name + " is not set");
            }
            return value;
        }
        return v;
    }

    private static boolean bool(JsonNode n, String key, Path file, String where) throws RegistryException {
        if (!n.has(key)) {
            return false;
        }
        if (!n.get(key).isBoolean()) {
            throw error(file, where + "." + key, "expected true or false, found " + n.get(key));
        }
        return n.get(key).asBoolean();
    }

    private static List<SyncRule> images(JsonNode node, Path file, String field) throws RegistryException {
        expectObject(node, file, field.isEmpty() ? "(top level)" : field);
        List<SyncRule> rules = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = path(field, e.getKey());
            ImageSpec source = ImageSpec.parse(e.getKey(), file + ": " + where + " (source)");
            JsonNode v = e.getValue();
            List<ImageSpec> dests = new ArrayList<>();
            if (v.isArray()) {
                if (v.isEmpty()) {
                    throw error(file, where, "empty destination list");
                }
                for (int i = 0; i < v.size(); i++) {
                    dests.add(destination(source, string(v.get(i), file, where + "[" + i + "]"), file,
                            where + "[" + i + "]"));
                }
            } else {
                dests.add(destination(source, string(v, file, where), file, where));
            }
            rules.add(new SyncRule(source, dests));
        }
        if (rules.isEmpty()) {
            throw error(file, field.isEmpty() ? "(top level)" : field, "no images to sync");
        }
        return rules;
    }

    private static ImageSpec destination(ImageSpec source, String text, Path file, String where)
            throws RegistryException {
        ImageSpec d = ImageSpec.parse(text, file + ": " + where + " (destination)");
        switch (d.selector()) {
            case ALL_TAGS:
                return d;
            case TAGS:
                if (d.tags().size() == 1 && source.isSingle()) {
                    return d;
                }
                throw error(file, where, "destination '" + text + "' names "
                        + (d.tags().size() == 1 ? "a tag" : "several tags") + " (allowed only as one tag for a "
                        + "source of one tag or digest; otherwise give registry/repository and tags are kept)");
            default:
                throw error(file, where, "destination '" + text + "' must be registry/repository[:tag], not a "
                        + (d.selector() == ImageSpec.Selector.DIGEST ? "digest" : "regex"));
        }
    }

    private static String string(JsonNode n, Path file, String where) throws RegistryException {
        if (n == null || !n.isTextual()) {
            throw error(file, where, "expected a string, found " + (n == null ? "nothing" : n.getNodeType()
                    .toString().toLowerCase(Locale.ROOT)));
        }
        return n.asText();
    }

    private static void expectObject(JsonNode n, Path file, String where) throws RegistryException {
        if (n == null || !n.isObject()) {
            throw error(file, where, "expected a map, found " + (n == null ? "nothing" : n.getNodeType().toString()
                    .toLowerCase(Locale.ROOT)));
        }
    }

    private static String path(String parent, String key) {
        String k = "\"" + key + "\"";
        return parent.isEmpty() ? k : parent + "." + k;
    }

    private static SyncRulesException error(Path file, String field, String what) {
        return new SyncRulesException(file + ": " + field + ": " + what);
    }
}
