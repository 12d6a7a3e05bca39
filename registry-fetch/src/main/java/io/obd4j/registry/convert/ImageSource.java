package io.obd4j.registry.convert;

import io.obd4j.registry.sync.Descriptor;
import io.obd4j.registry.sync.ManifestDoc;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** Where a source image is read from: a registry repository or an OCI layout directory. */
public interface ImageSource extends Closeable {
    /** The manifest (image or index) the user named: a tag, a digest, or the layout's only image. */
    ManifestDoc top() throws IOException;

    /** A manifest by digest (an index child). */
    ManifestDoc manifest(String digest) throws IOException;

    /** The raw bytes of a blob, as stored (the caller checks size and digest). */
    InputStream openBlob(Descriptor blob) throws IOException;

    /** The image as the user named it, for messages. */
    String describe();
}
