package io.obd4j.daemon.backing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Downloads from a loopback server: checksum refusal, resume after a disconnect, restart reload, clone. */
class BackingImageDownloadTest {
    @TempDir
    Path dir;
    private BackingImageManager manager;

    @BeforeEach
    void open() throws Exception {
        manager = new BackingImageManager(dir.resolve("bi"), Duration.ofSeconds(30), Duration.ZERO, "qemu-img");
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** 4 MiB: random 64 KiB runs between zero stretches, so the import has both mapped and unmapped blocks. */
    static byte[] disk() {
        byte[] b = new byte[4 << 20];
        SplittableRandom r = new SplittableRandom(8);
        for (int off = 0; off < b.length; off += 256 << 10) {
            for (int i = 0; i < 64 << 10; i++) {
                b[off + i] = (byte) r.nextInt(256);
            }
        }
        return b;
    }

    static String sha(String algo, byte[] b) throws Exception {
        return algo + ":" + HexFormat.of().formatHex(MessageDigest.getInstance(algo.equals("sha256") ? "SHA-256"
                : "SHA-512").digest(b));
    }

    static BackingImage awaitFinished(BackingImageManager m, String name) throws Exception {
        for (int i = 0; i < 6000; i++) {
            BackingImage b = m.get(name);
            if (b.state() == BackingImageState.READY || b.state() == BackingImageState.FAILED) {
                return b;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(name + " still " + m.get(name).state());
    }

    @Test
    void wrongChecksumEndsFailedWithBothSums() throws Exception {
        byte[] disk = disk();
        try (LoopbackFileServer server = new LoopbackFileServer(disk, 0, 0)) {
            String wrong = "sha256:" + "ab".repeat(32);
            manager.create("bad", "download", server.url(), wrong);
            BackingImage b = awaitFinished(manager, "bad");
            assertThat(b.state()).isEqualTo(BackingImageState.FAILED);
            assertThat(b.error()).contains("checksum mismatch", wrong, sha("sha256", disk));
            assertThat(dir.resolve("bi/bad/layer")).doesNotExist();
            assertThat(dir.resolve("bi/bad/source.part")).doesNotExist();
            assertThatThrownBy(() -> manager.acquire("bad")).isInstanceOf(BackingImageException.class)
                    .hasMessageContaining("failed");
        }
    }

    @Test
    void disconnectMidwayResumesWithRangeAndEndsReady() throws Exception {
        byte[] disk = disk();
        int cut = 1_500_000;
        try (LoopbackFileServer server = new LoopbackFileServer(disk, 1, cut)) {
            String sum = sha("sha512", disk);
            manager.create("base", "download", server.url(), HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-512").digest(disk)));
            BackingImage b = awaitFinished(manager, "base");
            assertThat(b.error()).isEmpty();
            assertThat(b.state()).isEqualTo(BackingImageState.READY);
            assertThat(b.progress()).isEqualTo(100);
            assertThat(b.sourceChecksum()).isEqualTo(sum);
            assertThat(b.format()).isEqualTo("raw");
            assertThat(b.virtualSize()).isEqualTo(disk.length);
            assertThat(server.ranges()).hasSize(2);
            assertThat(server.ranges().get(0)).isEmpty();
            assertThat(server.ranges().get(1)).matches("bytes=\\d+-");
            long resumedAt = Long.parseLong(server.ranges().get(1).replaceAll("\\D", ""));
            assertThat(resumedAt).isPositive().isLessThanOrEqualTo(cut);
            assertThat(contentOf("base")).isEqualTo(disk);
            // 16 random 64 KiB runs are stored; the zero stretches between them are not
            assertThat(b.layerBytes()).isLessThan(disk.length / 2);
        }
    }

    @Test
    void aStalledConnectionHitsTheIdleTimeoutAndTheDownloadResumes() throws Exception {
        byte[] disk = disk();
        manager.close();
        manager = new BackingImageManager(dir.resolve("bi"), Duration.ofSeconds(1), Duration.ZERO, "qemu-img");
        try (LoopbackFileServer server = new LoopbackFileServer(disk, 1, 1 << 20, true)) {
            manager.create("slow", "download", server.url(), sha("sha512", disk));
            BackingImage b = awaitFinished(manager, "slow");
            assertThat(b.error()).isEmpty();
            assertThat(b.state()).isEqualTo(BackingImageState.READY);
            assertThat(server.ranges()).hasSize(2);
            assertThat(server.ranges().get(1)).isEqualTo("bytes=" + (1 << 20) + "-");
        }
    }

    @Test
    void statesAreReloadedAndClonesCopyAReadyImage() throws Exception {
        byte[] disk = disk();
        try (LoopbackFileServer server = new LoopbackFileServer(disk, 0, 0)) {
            manager.create("base", "download", server.url(), sha("sha256", disk));
            assertThat(awaitFinished(manager, "base").state()).isEqualTo(BackingImageState.READY);
        }
        manager.create("copy", "clone", "base", "");
        BackingImage copy = awaitFinished(manager, "copy");
        assertThat(copy.state()).isEqualTo(BackingImageState.READY);
        assertThat(copy.sourceChecksum()).isEqualTo(sha("sha256", disk));
        manager.close();
        manager = new BackingImageManager(dir.resolve("bi"), Duration.ofSeconds(30), Duration.ZERO, "qemu-img");
        assertThat(manager.list()).extracting(BackingImage::name).containsExactly("base", "copy");
        assertThat(manager.get("copy").state()).isEqualTo(BackingImageState.READY);
        assertThat(contentOf("copy")).isEqualTo(disk);
    }

    @Test
    void badRequestsAreRefusedWithTheField() {
        assertThatThrownBy(() -> manager.create("Bad Name", "upload", "", "")).hasMessageContaining("name");
        assertThatThrownBy(() -> manager.create("x", "ftp", "", "")).hasMessageContaining("sourceType");
        assertThatThrownBy(() -> manager.create("x", "download", "file:///etc/passwd", ""))
                .hasMessageContaining("url");
        assertThatThrownBy(() -> manager.create("x", "upload", "", "sha256:12")).hasMessageContaining("checksum");
        assertThatThrownBy(() -> manager.create("x", "clone", "missing", "")).hasMessageContaining("no backing");
    }

    private byte[] contentOf(String name) throws Exception {
        try (var s = manager.openContent(name)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) s.size());
            s.read(buf, 0);
            return buf.array();
        }
    }

    static void write(Path p, byte[] b) throws Exception {
        Files.write(p, b);
    }
}
