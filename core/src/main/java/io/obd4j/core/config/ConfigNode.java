package io.obd4j.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One JSON object of a config file during the tree walk. Each getter takes the key and overlaybd's code default
 * (used when the key is missing, as RapidJSON's {@code GetResult} does), checks the JSON type and range, and
 * remembers the key as known; {@link #finish()} reports every key nobody asked for as a warning naming its path.
 */
public final class ConfigNode {
    static final long UINT32_MAX = 0xFFFF_FFFFL;

    private final String file;
    private final String path;
    private final JsonNode node;
    private final List<String> warnings;
    private final Set<String> known = new HashSet<>();

    ConfigNode(String file, String path, JsonNode node, List<String> warnings) throws ConfigException {
        this.file = file;
        this.path = path;
        this.node = node;
        this.warnings = warnings;
        if (!node.isMissingNode() && !node.isObject()) {
            throw new ConfigException(file, path.isEmpty() ? "(root)" : path, "a JSON object", found(node));
        }
    }

    /** The JSON path of {@code key} below this object, e.g. {@code cacheConfig.cacheType}. */
    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        known.add(key);
        return node.has(key) && !node.get(key).isNull();
    }

    /** Marks a key as known without reading it (keys other writers add that overlaybd ignores too). */
    public void ignore(String key) {
        known.add(key);
    }

    public String string(String key, String dflt) throws ConfigException {
        JsonNode v = value(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw invalid(key, "a string", v);
        }
        return v.textValue();
    }

    /** A string that must be one of {@code allowed}. */
    public String oneOf(String key, String dflt, String... allowed) throws ConfigException {
        String s = string(key, dflt);
        if (!Arrays.asList(allowed).contains(s)) {
            throw invalid(key, "one of " + quoted(allowed), node.get(key));
        }
        return s;
    }

    public boolean bool(String key, boolean dflt) throws ConfigException {
        JsonNode v = value(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw invalid(key, "true or false", v);
        }
        return v.booleanValue();
    }

    /** A C++ {@code int}: any 32-bit signed integer. */
    public int int32(String key, int dflt) throws ConfigException {
        return (int) integer(key, dflt, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** A C++ {@code uint32_t}. */
    public long uint32(String key, long dflt) throws ConfigException {
        return integer(key, dflt, 0, UINT32_MAX);
    }

    /** A C++ {@code uint64_t}, limited to what a Java long holds. */
    public long uint64(String key, long dflt) throws ConfigException {
        return integer(key, dflt, 0, Long.MAX_VALUE);
    }

    /** An integer in {@code [min, max]}. */
    public long integer(String key, long dflt, long min, long max) throws ConfigException {
        JsonNode v = value(key);
        if (v == null) {
            return dflt;
        }
        String range = min == Integer.MIN_VALUE && max == Integer.MAX_VALUE ? "a 32-bit integer"
                : "an integer in " + min + ".." + max;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw invalid(key, range, v);
        }
        return v.longValue();
    }

    /** The child object at {@code key}; a missing key gives an empty object, so every default applies. */
    public ConfigNode object(String key) throws ConfigException {
        JsonNode v = value(key);
        return new ConfigNode(file, pathOf(key), v == null ? MissingNode.getInstance() : v, warnings);
    }

    /** The objects of the array at {@code key} (empty when missing). */
    public List<ConfigNode> objects(String key) throws ConfigException {
        JsonNode v = value(key);
        List<ConfigNode> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw invalid(key, "a JSON array", v);
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new ConfigNode(file, pathOf(key) + "[" + i + "]", v.get(i), warnings));
        }
        return out;
    }

    /** Builds the exception for the value present at {@code key} that fails a check the getter cannot make. */
    public ConfigException invalid(String key, String expected) {
        return invalid(key, expected, node.get(key));
    }

    /** Builds the exception for a bad value at {@code key}. */
    public ConfigException invalid(String key, String expected, JsonNode found) {
        return new ConfigException(file, pathOf(key), expected, found(found));
    }

    /** Warns about every key of this object that no getter asked for. Call after reading all keys. */
    public void finish() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                warnings.add(file + ": unknown key " + pathOf(key) + " ignored");
            }
        }
    }

    private JsonNode value(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    static String found(JsonNode v) {
        return v == null ? "nothing" : v.toString();
    }

    private static String quoted(String... allowed) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < allowed.length; i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(allowed[i]).append('"');
        }
        return sb.append(']').toString();
    }
}
