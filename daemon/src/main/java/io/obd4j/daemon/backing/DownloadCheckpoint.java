package io.obd4j.daemon.backing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * How far an interrupted download got ({@code <dir>/<name>/source.resume.json}): the first {@code offset} bytes of
 * {@code source.part} are on disk (forced before this was written), fetched from {@code url} while the server reported
 * {@code size}, {@code etag} and {@code lastModified}, hashed with {@code algorithm}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record DownloadCheckpoint(String url, String algorithm, long size, String etag, String lastModified, long offset) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static DownloadCheckpoint of(String url, String algorithm, UrlDownloader.Remote r, long offset) {
        return new DownloadCheckpoint(url, algorithm, r.size(), r.etag(), r.lastModified(), offset);
    }

    DownloadCheckpoint at(long newOffset) {
        return new DownloadCheckpoint(url, algorithm, size, etag, lastModified, newOffset);
    }

    /**
     * Why the bytes on disk cannot be continued from {@code remote}, or "" when they can: same URL and algorithm,
     * same size, and a validator (ETag or Last-Modified) that is present and unchanged.
     */
    String mismatch(String u, String algo, UrlDownloader.Remote remote) {
        if (!url.equals(u) || !algorithm.equals(algo)) {
            return "the download was of " + url + " (" + algorithm + ")";
        }
        if (size != remote.size()) {
            return "the size changed from " + size + " to " + remote.size();
        }
        if (remote.validator().isEmpty()) {
            return "the server sends no strong ETag or Last-Modified, so a changed file could not be told apart";
        }
        if (!etag.equals(remote.etag()) || !lastModified.equals(remote.lastModified())) {
            return "the file changed (ETag " + etag + " -> " + remote.etag() + ", Last-Modified " + lastModified
                    + " -> " + remote.lastModified() + ")";
        }
        return "";
    }

    /** Replaces the file atomically (temp name, fsync, rename). */
    void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(this));
        BackingImageFiles.force(tmp);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The saved checkpoint, or null when there is none or it cannot be read. */
    static DownloadCheckpoint read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), DownloadCheckpoint.class);
        } catch (IOException e) {
            return null;
        }
    }
}
