package io.obd4j.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Routes and a {@code POST /v1/devices} body rewrite contributed by a daemon feature (backing images). */
public interface ApiExtension {

    /** Adds the feature's routes. */
    void register(Router router);

    /** The device-open body, possibly rewritten (its {@code "config"} made an inline object); refuses with a status. */
    default JsonNode rewriteDeviceBody(JsonNode body) throws Refusal {
        return body;
    }

    /** Why volume {@code id} cannot be deleted now (e.g. a backing image is being exported from it); empty if none. */
    default java.util.List<String> volumeHolds(String id) {
        return java.util.List.of();
    }

    /** A refused request: the HTTP status and the message of the JSON error. */
    final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        public Refusal(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
