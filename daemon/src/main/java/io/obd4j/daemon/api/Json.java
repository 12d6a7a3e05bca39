package io.obd4j.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/** JSON bodies of the obd4j routes: {@code {"error": ..., "status": ...}} for failures. */
public final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static HttpReply error(int status, String message) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("status", status);
        n.put("error", message);
        return HttpReply.json(status, n.toString());
    }

    public static HttpReply ok(int status, Object body) {
        try {
            return HttpReply.json(status, MAPPER.writeValueAsString(body));
        } catch (IOException e) {
            return error(500, "cannot encode reply: " + e.getMessage());
        }
    }

    /** The body as a JSON object, or null when it is not one. */
    static JsonNode parseObject(byte[] body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }
}
