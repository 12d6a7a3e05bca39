package io.obd4j.core.ext4;

/** Malformed tar input; {@link LayerTarReader} turns it into a {@link LayerApplyException} naming the entry. */
final class TarFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    TarFormatException(String message) {
        super(message);
    }
}
