package io.obd4j.core.convert;

import java.nio.file.Path;

/**
 * A finished overlaybd layer blob on disk.
 *
 * @param file   the tar-wrapped ZFile
 * @param sha256 its SHA-256, lower-case hex
 * @param size   its size in bytes
 */
public record LayerBlob(Path file, String sha256, long size) {
}
