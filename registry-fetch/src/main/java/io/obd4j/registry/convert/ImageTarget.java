package io.obd4j.registry.convert;

import io.obd4j.registry.Digest;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a converted image goes: a registry repository or an OCI layout. Blobs before the manifest, so the tag never
 * names missing content.
 */
public interface ImageTarget extends Closeable {
    /** How a blob got there. */
    enum Put { UPLOADED, PRESENT, MOUNTED }

    /** Stores blob {@code digest} from {@code file} (which the target may move or delete) unless already there. */
    Put putBlob(Digest digest, long size, Path file) throws IOException;

    /** Stores a small blob (the config) unless already there. */
    Put putBlob(Digest digest, byte[] bytes) throws IOException;

    /** Stores the manifest under {@code tag} (null: by digest only); returns its digest. */
    Digest putManifest(String mediaType, byte[] body, String tag) throws IOException;

    /** The target as the user named it, for messages. */
    String describe();
}
