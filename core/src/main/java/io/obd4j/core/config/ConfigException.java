package io.obd4j.core.config;

import java.io.IOException;

/**
 * A config file is not valid JSON, or a key holds a value overlaybd would reject (or misread). The message names
 * the file, the JSON path (e.g. {@code cacheConfig.cacheType}), the value found and what is allowed.
 */
public class ConfigException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String path;

    public ConfigException(String file, String path, String expected, String found) {
        super(file + ": " + path + ": expected " + expected + ", found " + found);
        this.file = file;
        this.path = path;
    }

    /** For failures not about one key, e.g. malformed JSON: {@code file: message}. */
    public ConfigException(String file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
        this.path = "";
    }

    public String file() {
        return file;
    }

    /** The JSON path of the offending key ({@code lowers[2].digest}), or "" when not about one key. */
    public String path() {
        return path;
    }
}
