package io.obd4j.daemon.image;

/**
 * An image-service request failed. {@link #resultText()} is the overlaybd text that goes after {@code failed:} in the
 * resultFile (see {@link io.obd4j.core.config.OpenErrors}); {@link #kind()} tells callers (HTTP API, TCMU reply)
 * which class of failure it is.
 */
public class ImageServiceException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Failure classes, for status codes. */
    public enum Kind {
        /** The request itself is incomplete or malformed. */
        BAD_REQUEST,
        /** No device with that id. */
        NOT_FOUND,
        /** The dev id is already registered. */
        DUPLICATE,
        /** The config could not be read or the image could not be opened or changed. */
        FAILED
    }

    private final Kind kind;
    private final String resultText;

    public ImageServiceException(Kind kind, String resultText) {
        this(kind, resultText, null);
    }

    public ImageServiceException(Kind kind, String resultText, Throwable cause) {
        super(resultText.isEmpty() && cause != null ? cause.getMessage() : resultText, cause);
        this.kind = kind;
        this.resultText = resultText;
    }

    public Kind kind() {
        return kind;
    }

    /** The text for {@code failed:<text>}; may be empty, as overlaybd's is when the upper fails to open. */
    public String resultText() {
        return resultText;
    }
}
