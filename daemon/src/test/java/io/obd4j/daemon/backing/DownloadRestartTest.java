package io.obd4j.daemon.backing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A download the daemon's stop interrupts: the next manager on the same directory continues it with a Range request
 * from the saved checkpoint (If-Range = the ETag), and the checksum of the whole file still verifies; a server
 * without Range support makes it start again from byte 0.
 */
class DownloadRestartTest {
    @TempDir
    Path dir;
    private BackingImageManager manager;

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private BackingImageManager open() throws Exception {
        return new BackingImageManager(dir.resolve("bi"), Duration.ofSeconds(30), Duration.ZERO, "qemu-img",
                VolumeSettings.defaults(512, "tcmu"), 1 << 20);
    }

    /** 6 MiB of non-zero bytes, so every checkpoint covers written data. */
    private static byte[] disk() {
        byte[] b = BackingImageDownloadTest.disk();
        byte[] out = new byte[6 << 20];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (b[i % b.length] ^ (i >>> 12) | 1);
        }
        return out;
    }

    /** Lets 40 chunks (2.5 MiB) out, waits until the manager has them, then stops the manager. */
    /** Starts downloading the server's file as "base" with checksum {@code sum}, then stops the manager midway. */
    private void startAndStopMidway(SlowFileServer server, String sum) throws Exception {
        manager = open();
        manager.create("base", "download", server.url(), sum);
        stopMidway(server, "base");
    }

    /** Lets the rest of the file go out and reopens the manager, which resumes; returns the finished download. */
    private BackingImage restartAndFinish(SlowFileServer server) throws Exception {
        server.unthrottle();
        manager = open();
        return BackingImageDownloadTest.awaitFinished(manager, "base");
    }

    private static void assertReady(BackingImage b, String sum) {
        assertThat(b.error()).isEmpty();
        assertThat(b.state()).isEqualTo(BackingImageState.READY);
        assertThat(b.sourceChecksum()).isEqualTo(sum);
    }

    private void stopMidway(SlowFileServer server, String name) throws Exception {
        server.allow(40);
        for (int i = 0; i < 3000 && manager.get(name).transferredBytes() < 40L * SlowFileServer.CHUNK; i++) {
            Thread.sleep(10);
        }
        assertThat(manager.get(name).transferredBytes()).isEqualTo(40L * SlowFileServer.CHUNK);
        manager.close();
        manager = null;
        assertThat(manager).isNull();
    }

    @Test
    void aRestartResumesFromTheCheckpointWithIfRangeAndTheChecksumCoversTheWholeFile() throws Exception {
        byte[] disk = disk();
        String sum = BackingImageDownloadTest.sha("sha256", disk);
        try (SlowFileServer server = new SlowFileServer(disk, true)) {
            startAndStopMidway(server, sum);
            Path checkpoint = dir.resolve("bi/base/source.resume.json");
            DownloadCheckpoint saved = DownloadCheckpoint.read(checkpoint);
            assertThat(saved).isNotNull();
            // 2.5 MiB received; the file is forced and the offset saved at each full MiB
            assertThat(saved.offset()).isEqualTo(2L << 20);
            assertThat(saved.etag()).isEqualTo(SlowFileServer.ETAG);
            assertThat(Files.size(dir.resolve("bi/base/source.part"))).isGreaterThanOrEqualTo(saved.offset());

            assertReady(restartAndFinish(server), sum);
            assertThat(server.gets()).hasSize(2);
            assertThat(server.gets().get(0).get("Range")).isEmpty();
            assertThat(server.gets().get(1)).containsEntry("Range", "bytes=" + saved.offset() + "-")
                    .containsEntry("If-Range", SlowFileServer.ETAG);
            // the second GET sent only the rest
            assertThat(server.sent()).isLessThan(2L * disk.length - saved.offset() + 1);
            assertThat(dir.resolve("bi/base/source.part")).doesNotExist();
            assertThat(checkpoint).doesNotExist();
            try (var s = manager.openContent("base")) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(disk.length);
                s.read(buf, 0);
                assertThat(buf.array()).isEqualTo(disk);
            }
        }
    }

    @Test
    void aServerWithoutRangeSupportMakesTheResumedDownloadStartAgainFromZero() throws Exception {
        byte[] disk = disk();
        String sum = BackingImageDownloadTest.sha("sha512", disk);
        try (SlowFileServer server = new SlowFileServer(disk, false)) {
            startAndStopMidway(server, sum);
            long offset = DownloadCheckpoint.read(dir.resolve("bi/base/source.resume.json")).offset();
            assertThat(offset).isPositive();

            assertReady(restartAndFinish(server), sum);
            // asked for the rest, got 200 with everything, and hashed it from byte 0
            assertThat(server.gets()).hasSize(2);
            assertThat(server.gets().get(1).get("Range")).isEqualTo("bytes=" + offset + "-");
        }
    }

    @Test
    void aChangedFileOnTheServerIsNotContinued() throws Exception {
        byte[] disk = disk();
        try (SlowFileServer server = new SlowFileServer(disk, true)) {
            startAndStopMidway(server, BackingImageDownloadTest.sha("sha256", disk));
            Path checkpoint = dir.resolve("bi/base/source.resume.json");
            DownloadCheckpoint saved = DownloadCheckpoint.read(checkpoint);
            // the checkpoint says another version of the file was being fetched
            new DownloadCheckpoint(saved.url(), saved.algorithm(), saved.size(), "\"disk-v0\"", saved.lastModified(),
                    saved.offset()).write(checkpoint);

            assertThat(restartAndFinish(server).state()).isEqualTo(BackingImageState.READY);
            assertThat(server.gets()).hasSize(2);
            assertThat(server.gets().get(1).get("Range")).isEmpty();
        }
    }
}
