package io.obd4j.daemon.backing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A URL download into {@code source.part} that survives a daemon restart: every checkpoint interval
 * ({@link #CHECKPOINT_BYTES} by default) the file is forced and the offset saved with the server's validators
 * ({@link DownloadCheckpoint}); the next start continues from that offset when a new HEAD shows the same file,
 * re-reading the bytes on disk so the checksum covers the whole file, and starts again from byte 0 (with a log line)
 * otherwise.
 */
final class ResumableDownload {
    /** How often (bytes) the received bytes are forced and their offset saved, unless told otherwise. */
    static final long CHECKPOINT_BYTES = 16L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(ResumableDownload.class);

    private final UrlDownloader downloader;
    private final long checkpointBytes;

    ResumableDownload(UrlDownloader downloader, long checkpointBytes) {
        this.downloader = downloader;
        this.checkpointBytes = checkpointBytes;
    }

    /** Where the checkpoint of a {@code source.part} lives. */
    static Path checkpointOf(Path source) {
        return source.resolveSibling("source.resume.json");
    }

    /** Downloads {@code url} into {@code source}; returns {@code algorithm:hex} of the whole file. */
    String run(String name, String url, String algorithm, Path source, ProgressSink progress) throws IOException {
        Path resume = checkpointOf(source);
        UrlDownloader.Remote remote = downloader.head(url);
        long from = resumeOffset(name, url, algorithm, source, remote);
        DownloadCheckpoint cp = DownloadCheckpoint.of(url, algorithm, remote, from);
        cp.write(resume);
        try (SourceFile out = from > 0 ? SourceFile.resume(source, algorithm, from)
                : new SourceFile(source, algorithm)) {
            out.onCheckpoint(checkpointBytes, at -> {
                try {
                    cp.at(at).write(resume);
                } catch (IOException e) {
                    LOG.warn("backing image {}: cannot save the download checkpoint {}: {}", name, resume,
                            e.toString());
                }
            });
            downloader.download(url, remote, out, pos -> progress.at(pos, remote.size()));
            return out.finish();
        }
    }

    private static long resumeOffset(String name, String url, String algorithm, Path source,
                                     UrlDownloader.Remote remote) throws IOException {
        DownloadCheckpoint saved = DownloadCheckpoint.read(checkpointOf(source));
        if (saved == null || saved.offset() <= 0 || !Files.exists(source)) {
            return 0;
        }
        String why = saved.mismatch(url, algorithm, remote);
        if (!why.isEmpty()) {
            LOG.warn("backing image {}: {} bytes of an interrupted download are on disk, but {}: starting again "
                    + "from byte 0", name, saved.offset(), why);
            return 0;
        }
        LOG.info("backing image {}: resuming the download of {} at byte {} of {}", name, url, saved.offset(),
                remote.size());
        return saved.offset();
    }

    /** Progress of a transfer: bytes done of total (-1 = unknown). */
    @FunctionalInterface
    interface ProgressSink {
        void at(long done, long total);
    }

}
