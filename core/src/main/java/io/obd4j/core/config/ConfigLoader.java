package io.obd4j.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads overlaybd.json and config.v1.json by walking the Jackson tree: missing keys take overlaybd's code
 * defaults, unknown keys are logged as warnings naming their JSON path, bad values throw {@link ConfigException}.
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A loaded config and the warnings (unknown keys) found while reading it; the warnings are already logged. */
    public record Loaded<T>(T config, List<String> warnings) {
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(ConfigNode root) throws ConfigException;
    }

    private ConfigLoader() {
    }

    public static Loaded<OverlaybdConfig> loadGlobal(Path file) throws ConfigException {
        return parseGlobal(read(file), file.toString());
    }

    public static Loaded<OverlaybdConfig> parseGlobal(String json, String fileName) throws ConfigException {
        return parse(json, fileName, OverlaybdConfig::read, true);
    }

    /** As {@link #parseGlobal(String, String)} without logging the warnings (re-reads on every device open). */
    public static Loaded<OverlaybdConfig> reparseGlobal(String json, String fileName) throws ConfigException {
        return parse(json, fileName, OverlaybdConfig::read, false);
    }

    /** All code defaults, as if overlaybd.json were {@code {}}. */
    public static OverlaybdConfig globalDefaults() {
        try {
            return OverlaybdConfig.read(new ConfigNode("(defaults)", "", MissingNode.getInstance(),
                    new ArrayList<>()));
        } catch (ConfigException e) {
            throw new IllegalStateException("code defaults do not validate", e);
        }
    }

    public static Loaded<ImageConfig> loadImage(Path file) throws ConfigException {
        return parseImage(read(file), file.toString());
    }

    public static Loaded<ImageConfig> parseImage(String json, String fileName) throws ConfigException {
        return parse(json, fileName, ImageConfig::read, true);
    }

    private static String read(Path file) throws ConfigException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read: " + e, e);
        }
    }

    private static <T> Loaded<T> parse(String json, String fileName, Reader<T> reader, boolean log)
            throws ConfigException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(fileName, "malformed JSON at line " + e.getLocation().getLineNr()
                    + " column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ConfigException(fileName, "malformed JSON: the file is empty", null);
        }
        List<String> warnings = new ArrayList<>();
        T config = reader.read(new ConfigNode(fileName, "", root, warnings));
        if (log) {
            warnings.forEach(LOG::warn);
        }
        return new Loaded<>(config, List.copyOf(warnings));
    }
}
