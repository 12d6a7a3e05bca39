package io.obd4j.daemon.backing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** qcow2 sources go through qemu-img; without it they are refused with a message that says what to install. */
class Qcow2ImportTest {
    @TempDir
    Path dir;

    private static boolean hasQemuImg() {
        return Files.isExecutable(Path.of("/usr/bin/qemu-img"));
    }

    @Test
    void qcow2UploadIsConvertedAndPresentsTheSameDisk() throws Exception {
        assumeTrue(hasQemuImg(), "qemu-img (Debian qemu-utils) is not installed");
        byte[] disk = BackingImageDownloadTest.disk();
        Path raw = Files.write(dir.resolve("d.raw"), disk);
        Path qcow2 = dir.resolve("d.qcow2");
        Process p = new ProcessBuilder("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(),
                qcow2.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        try (BackingImageManager m = new BackingImageManager(dir.resolve("bi"), Duration.ofSeconds(5), Duration.ZERO,
                "qemu-img")) {
            BackingImage b = m.upload("q", "", Files.newInputStream(qcow2), Files.size(qcow2));
            assertThat(b.error()).isEmpty();
            assertThat(b.format()).isEqualTo("qcow2");
            assertThat(b.virtualSize()).isEqualTo(disk.length);
            try (var s = m.openContent("q")) {
                ByteBuffer buf = ByteBuffer.allocate(disk.length);
                s.read(buf, 0);
                assertThat(buf.array()).isEqualTo(disk);
            }
        }
    }

    @Test
    void qcow2WithoutQemuImgFailsSayingWhatToInstall() throws Exception {
        byte[] head = {'Q', 'F', 'I', (byte) 0xfb, 0, 0, 0, 3};
        try (BackingImageManager m = new BackingImageManager(dir.resolve("bi"), Duration.ofSeconds(5), Duration.ZERO,
                dir.resolve("no-such-qemu-img").toString())) {
            BackingImage b = m.upload("q", "", new ByteArrayInputStream(head), head.length);
            assertThat(b.state()).isEqualTo(BackingImageState.FAILED);
            assertThat(b.error()).contains("qcow2", "qemu-utils", "not installed");
        }
    }

    @Test
    void anOverlaybdLayerSourceIsKeptAsItIs() throws Exception {
        try (BackingImageManager m = new BackingImageManager(dir.resolve("bi"), Duration.ofSeconds(5), Duration.ZERO,
                "qemu-img")) {
            byte[] disk = BackingImageDownloadTest.disk();
            m.upload("raw", "", new ByteArrayInputStream(disk), disk.length);
            byte[] layer = Files.readAllBytes(dir.resolve("bi/raw/layer"));
            BackingImage b = m.upload("layer", "", new ByteArrayInputStream(layer), layer.length);
            assertThat(b.format()).isEqualTo("overlaybd");
            assertThat(Files.readAllBytes(dir.resolve("bi/layer/layer"))).isEqualTo(layer);
            assertThat(b.virtualSize()).isEqualTo(disk.length);
        }
    }
}
