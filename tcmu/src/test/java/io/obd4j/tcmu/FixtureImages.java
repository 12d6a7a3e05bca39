package io.obd4j.tcmu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.testing.Fixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** config.v1.json files for the in-VM scenarios, over the C++-made fixture layers (MANIFEST.json). */
final class FixtureImages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FixtureImages() {
    }

    /** The fixture's expected merged-image sha256 and virtual size. */
    record Expected(String sha256, long vsize) {
        static Expected of(String fixture) {
            JsonNode e = Fixtures.fixture(fixture).get("expected");
            return new Expected(e.get("sha256").asText(), e.get("vsize").asLong());
        }
    }

    /** A read-only config whose lowers are the fixture's layers (bottom first), as the snapshotter writes it. */
    static Path readOnly(Path dir, String fixture) throws IOException {
        ObjectNode config = lowers(fixture);
        config.put("resultFile", dir.resolve(fixture + ".result").toString());
        return write(dir.resolve(fixture + ".config.v1.json"), config);
    }

    /**
     * A writable config: a new empty append-only layer ({@code upper.data}/{@code upper.index} in {@code dir}, virtual
     * size 0 so it takes the lowers' size) over the fixture's layers.
     */
    static Path writable(Path dir, String fixture) throws IOException {
        Path data = dir.resolve(fixture + ".upper.data");
        Path index = dir.resolve(fixture + ".upper.index");
        RwLayer.create(data, index, LayerInfo.of(0)).close();
        ObjectNode config = lowers(fixture);
        config.putObject("upper").put("data", data.toString()).put("index", index.toString());
        config.put("resultFile", dir.resolve(fixture + ".rw.result").toString());
        return write(dir.resolve(fixture + ".rw.config.v1.json"), config);
    }

    private static ObjectNode lowers(String fixture) {
        ObjectNode config = JSON.createObjectNode();
        config.put("repoBlobUrl", "");
        ArrayNode lowers = config.putArray("lowers");
        for (JsonNode layer : Fixtures.fixture(fixture).get("layers")) {
            String file = layer.asText();
            if (file.startsWith("rw:")) {
                throw new IllegalArgumentException(fixture + ": a writable fixture layer cannot be a lower: " + file);
            }
            lowers.addObject().put("file", Fixtures.overlaybd().resolve(file).toString());
        }
        return config;
    }

    private static Path write(Path file, ObjectNode config) throws IOException {
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
        return file;
    }
}
