package io.obd4j.registry.convert;

import io.obd4j.registry.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the converted image into an OCI layout directory (created if needed). */
public final class OciLayoutTarget implements ImageTarget {
    private final OciLayout layout;

    public OciLayoutTarget(OciLayout layout) throws IOException {
        this.layout = layout;
        layout.init();
    }

    @Override
    public Put putBlob(Digest digest, long size, Path file) throws IOException {
        Path p = layout.blob(digest);
        if (Files.isRegularFile(p) && Files.size(p) == size) {
            return Put.PRESENT;
        }
        layout.putBlob(digest, file);
        return Put.UPLOADED;
    }

    @Override
    public Put putBlob(Digest digest, byte[] bytes) throws IOException {
        Path p = layout.blob(digest);
        if (Files.isRegularFile(p) && Files.size(p) == bytes.length) {
            return Put.PRESENT;
        }
        layout.putBlob(digest, bytes);
        return Put.UPLOADED;
    }

    @Override
    public Digest putManifest(String mediaType, byte[] body, String tag) throws IOException {
        layout.putManifest(mediaType, body, tag);
        return Digest.sha256(body);
    }

    @Override
    public String describe() {
        return "oci:" + layout.dir();
    }

    @Override
    public void close() {
    }
}
