package io.obd4j.daemon.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request as the handlers see it: method, decoded path, query parameters (overlaybd rules: values URL-unescaped,
 * a key without {@code =} maps to ""), path variables of the matched route, and the body.
 */
public record HttpCall(String method, String path, Map<String, String> query, List<String> pathVariables,
                       byte[] body) {

    /** Splits {@code uri} into path and query. */
    public static HttpCall of(String method, String uri, byte[] body) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        Map<String, String> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : uri.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                query.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return new HttpCall(method, decode(path), query, List.of(), body);
    }

    HttpCall withPathVariables(List<String> vars) {
        return new HttpCall(method, path, query, vars, body);
    }

    public String queryParam(String key) {
        return query.getOrDefault(key, "");
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
