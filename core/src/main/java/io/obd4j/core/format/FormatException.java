package io.obd4j.core.format;

import java.io.IOException;

/**
 * A layer file (or blob) is not what its format requires. The message always names the file, the field, the byte
 * offset, and what was expected and found, so an operator can tell a truncated download from a wrong file.
 */
public class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String field;
    private final long offset;

    public FormatException(String file, String field, long offset, String expected, Object found) {
        super(file + ": " + field + " at offset " + offset + ": expected " + expected + ", found " + found);
        this.file = file;
        this.field = field;
        this.offset = offset;
    }

    /** For failures that are not about one field (e.g. a checksum over a block): {@code file: message}. */
    public FormatException(String file, long offset, String message, Throwable cause) {
        super(file + ": at offset " + offset + ": " + message, cause);
        this.file = file;
        this.field = null;
        this.offset = offset;
    }

    public String file() {
        return file;
    }

    /** The field that failed validation, or null when the failure is not about one field. */
    public String field() {
        return field;
    }

    public long offset() {
        return offset;
    }
}
