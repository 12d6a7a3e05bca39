package io.obd4j.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared} (the C++-made conformance fixtures and the peer scripts) for tests. The build passes
 * it as the system property {@code obd4j.shared}; otherwise the parents of the working directory are searched.
 * Missing fixtures fail the test: they are oracles, not optional extras.
 */
public final class Fixtures {
    private static volatile JsonNode manifest;

    private Fixtures() {
    }

    /** The {@code shared/} directory beside the checkout. */
    public static Path shared() {
        String prop = System.getProperty("obd4j.shared");
        if (prop != null && Files.isDirectory(Path.of(prop, "fixtures"))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("fixtures"))) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("shared/ (fixtures and peer tools) not found beside the checkout; "
                + "set -Dobd4j.shared=/path/to/shared");
    }

    /** {@code shared/fixtures/overlaybd}. */
    public static Path overlaybd() {
        return shared().resolve("fixtures/overlaybd");
    }

    /** A file under {@code shared/fixtures/overlaybd/layers}. */
    public static Path layer(String name) {
        return overlaybd().resolve("layers").resolve(name);
    }

    /** {@code shared/tools/<script>}. */
    public static Path tool(String script) {
        return shared().resolve("tools").resolve(script);
    }

    /** The parsed MANIFEST.json. */
    public static JsonNode manifest() {
        JsonNode m = manifest;
        if (m == null) {
            try {
                m = new ObjectMapper().readTree(overlaybd().resolve("MANIFEST.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            manifest = m;
        }
        return m;
    }

    /** The manifest entry of one fixture, by name. */
    public static JsonNode fixture(String name) {
        for (JsonNode f : manifest().get("fixtures")) {
            if (name.equals(f.get("name").asText())) {
                return f;
            }
        }
        throw new IllegalArgumentException("no fixture named " + name + " in MANIFEST.json");
    }

    /** {@code expected/<name>.index.json} parsed. */
    public static JsonNode expectedIndex(String name) throws IOException {
        return new ObjectMapper().readTree(overlaybd().resolve("expected").resolve(name + ".index.json").toFile());
    }
}
