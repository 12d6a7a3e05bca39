package io.obd4j.daemon.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Routes {@code METHOD /path/{var}} patterns to handlers. An unmatched path is a JSON 404; a matched path with
 * another method a JSON 405 with {@code Allow}. A route with method {@code *} takes every method.
 */
public final class Router {

    /** Handles one call. */
    @FunctionalInterface
    public interface Handler {
        HttpReply handle(HttpCall call) throws Exception;
    }

    /** Handles one call whose body arrives as a stream (uploads of any size). */
    @FunctionalInterface
    public interface StreamHandler {
        HttpReply handle(HttpCall call, StreamedBody body) throws Exception;
    }

    /** A request body being received: {@code length} is the Content-Length or -1. */
    public record StreamedBody(java.io.InputStream in, long length, String contentType) {
    }

    private record Route(String method, String[] segments, Handler handler) {
    }

    private record StreamRoute(String method, String[] segments, StreamHandler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final List<StreamRoute> streams = new ArrayList<>();

    /** A route whose body is not collected in memory but handed over while it arrives. */
    public Router stream(String method, String pattern, StreamHandler handler) {
        streams.add(new StreamRoute(method, split(pattern), handler));
        return this;
    }

    /**
     * The streaming route for {@code call} (method and path), bound to it, or null when the call is an ordinary
     * one; the bound handler never throws (failures become a JSON 500).
     */
    java.util.function.Function<StreamedBody, HttpReply> streamRoute(HttpCall call) {
        String[] segments = split(call.path());
        for (StreamRoute r : streams) {
            List<String> vars = match(r.segments(), segments);
            if (vars != null && r.method().equals(call.method())) {
                HttpCall bound = call.withPathVariables(vars);
                return body -> {
                    try {
                        return r.handler().handle(bound, body);
                    } catch (Exception e) {
                        return Json.error(500, "internal error: " + e);
                    }
                };
            }
        }
        return null;
    }

    public Router route(String method, String pattern, Handler handler) {
        routes.add(new Route(method, split(pattern), handler));
        return this;
    }

    /** Finds and runs the handler; never throws: handler failures become a JSON 500. */
    public HttpReply dispatch(HttpCall call) {
        String[] segments = split(call.path());
        Set<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            List<String> vars = match(r.segments(), segments);
            if (vars == null) {
                continue;
            }
            if (!r.method().equals("*") && !r.method().equals(call.method())) {
                allowed.add(r.method());
                continue;
            }
            try {
                return r.handler().handle(call.withPathVariables(vars));
            } catch (Exception e) {
                return Json.error(500, "internal error: " + e);
            }
        }
        if (!allowed.isEmpty()) {
            return Json.error(405, "method " + call.method() + " not allowed on " + call.path())
                    .withAllow(String.join(", ", allowed));
        }
        return Json.error(404, "no route for " + call.method() + " " + call.path());
    }

    private static List<String> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        List<String> vars = new ArrayList<>();
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].startsWith("{") && pattern[i].endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                vars.add(path[i]);
            } else if (!pattern[i].equals(path[i])) {
                return null;
            }
        }
        return vars;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/") && !p.isEmpty()) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
}
