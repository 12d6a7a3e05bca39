package io.obd4j.registry;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The byte transport under one {@link Http1Connector} request: a plain TCP connection or a TLS one. Reads wait for
 * at least one byte but never longer than the stall timeout the wire was opened with.
 */
interface Wire extends Closeable {
    /**
     * Reads what has arrived (at least one byte) into {@code dst}; -1 at the peer's end of stream, 0 only when
     * {@code dst} is full.
     *
     * @throws java.net.http.HttpTimeoutException when no byte arrives within the stall timeout
     */
    int read(ByteBuffer dst) throws IOException;

    /** Writes all of {@code src}. */
    void writeFully(ByteBuffer src) throws IOException;

    /** Where this wire goes, for messages. */
    String peer();
}
