package io.obd4j.daemon;

import io.obd4j.daemon.image.ImageService;

/**
 * A way devices reach initiators (TCMU handler, iSCSI target). The daemon starts each configured front end after the
 * image service and stops them, in reverse order, before closing the devices.
 */
public interface FrontEnd extends AutoCloseable {

    /** Short name for logs and the health report ({@code tcmu}, {@code iscsi}). */
    String name();

    /** Starts serving; the front end opens and closes devices only through {@code images}. */
    void start(ImageService images) throws Exception;

    /** One line for systemd's STATUS= and the health report, e.g. "3 devices". */
    default String status() {
        return "running";
    }

    /** Stops accepting work, drains in-flight commands and releases its resources. */
    @Override
    void close() throws Exception;
}
