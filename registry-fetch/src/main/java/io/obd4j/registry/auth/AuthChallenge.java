package io.obd4j.registry.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code WWW-Authenticate} header: scheme ({@code Basic} or {@code Bearer}) and its parameters. Quoted
 * values may contain commas ({@code scope="repository:a:pull,push"}), as overlaybd's split on {@code ",} allows.
 */
public final class AuthChallenge {
    private final String scheme;
    private final Map<String, String> params;

    private AuthChallenge(String scheme, Map<String, String> params) {
        this.scheme = scheme;
        this.params = params;
    }

    /** Parses the header; returns null when it is absent or empty. */
    public static AuthChallenge parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        int sp = h.indexOf(' ');
        String scheme = (sp < 0 ? h : h.substring(0, sp)).toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        int i = sp < 0 ? h.length() : sp + 1;
        while (i < h.length()) {
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
                i++;
            }
            int eq = h.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = h.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < h.length() && h.charAt(i) == '"') {
                i++;
                while (i < h.length() && h.charAt(i) != '"') {
                    if (h.charAt(i) == '\\' && i + 1 < h.length()) {
                        i++;
                    }
                    value.append(h.charAt(i++));
                }
                i++;
            } else {
                while (i < h.length() && h.charAt(i) != ',') {
                    value.append(h.charAt(i++));
                }
            }
            params.put(key, value.toString().trim());
        }
        return new AuthChallenge(scheme, params);
    }

    public boolean isBasic() {
        return "basic".equals(scheme);
    }

    public boolean isBearer() {
        return "bearer".equals(scheme);
    }

    public String scheme() {
        return scheme;
    }

    /** A parameter ({@code realm}, {@code service}, {@code scope}), or null. */
    public String param(String name) {
        return params.get(name);
    }

    @Override
    public String toString() {
        return scheme + " " + params;
    }
}
