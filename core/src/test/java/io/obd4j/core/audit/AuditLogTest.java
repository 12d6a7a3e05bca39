package io.obd4j.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    @TempDir
    Path dir;

    @Test
    void formatsLikePhoton() {
        StringBuilder sb = new StringBuilder();
        // 2024-05-01T10:00:00.123456Z, zone offset 0
        long micros = 1_714_557_600_123_456L;
        AuditLineFormat.append(sb, micros, 0, 0x7F3A12345678L, "download",
                new String[] {"pathname", "offset", "size", "latency"},
                new Object[] {"/https://r/v2/a/b/blobs/sha256:ab", 1048576L, 262144L, 5321L});
        assertThat(sb.toString()).isEqualTo("2024/05/01 10:00:00.123456|AUDIT|th=00007F3A12345678|download"
                + "[pathname=/https://r/v2/a/b/blobs/sha256:ab][offset=1048576][size=262144][latency=5321]\n");
    }

    @Test
    void appliesStandardOffsetAndPadsSmallValues() {
        StringBuilder sb = new StringBuilder();
        AuditLineFormat.append(sb, 5L, 8 * 3600, 1L, "eviction", new String[] {"actualEvict"}, new Object[] {0});
        assertThat(sb.toString()).isEqualTo("1970/01/01 08:00:00.000005|AUDIT|th=0000000000000001|eviction"
                + "[actualEvict=0]\n");
    }

    @Test
    void writesOneLinePerRecordAndReopensAfterLogrotate() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = AuditLog.open(file, 1024, AuditLog.ROTATE_BYTES)) {
            log.record("download", "/http://h/v2/r/blobs/sha256:00", 0, 4096, 17);
            assertThat(log.flush(5000)).isTrue();
            Files.move(file, dir.resolve("audit.log.moved"));
            log.reopen();
            log.record("bk_download", "/http://h/v2/r/blobs/sha256:00", 4096, 8192, 3);
            assertThat(log.flush(5000)).isTrue();
            Thread.sleep(20);
        }
        List<String> moved = Files.readAllLines(dir.resolve("audit.log.moved"));
        assertThat(moved).hasSize(1);
        assertThat(moved.get(0)).matches("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\|AUDIT\\|th=[0-9A-F]{16}"
                + "\\|download\\[pathname=/http://h/v2/r/blobs/sha256:00\\]\\[offset=0\\]\\[size=4096\\]"
                + "\\[latency=17\\]");
        assertThat(Files.readAllLines(file)).singleElement().asString().contains("|bk_download[pathname=");
    }

    @Test
    void detectsAMovedFileWithoutAnExplicitReopen() throws Exception {
        Path file = dir.resolve("a.log");
        try (AuditLog log = AuditLog.open(file, 1024, AuditLog.ROTATE_BYTES)) {
            log.record("x", new String[0], new Object[0]);
            log.flush(5000);
            Files.move(file, dir.resolve("a.log.old"));
            log.record("y", new String[0], new Object[0]);
            log.flush(5000);
        }
        assertThat(Files.readString(file)).endsWith("|y\n");
    }

    @Test
    void rotatesBySizeKeepingThreeFiles() throws Exception {
        Path file = dir.resolve("r.log");
        try (AuditLog log = AuditLog.open(file, 4096, 1000)) {
            for (int i = 0; i < 100; i++) {
                log.record("download", "/p", i, 1, 1);
                log.flush(5000);
            }
        }
        assertThat(Files.exists(dir.resolve("r.log.1"))).isTrue();
        assertThat(Files.exists(dir.resolve("r.log.2"))).isTrue();
        assertThat(Files.exists(dir.resolve("r.log.3"))).isFalse();
        for (String n : new String[] {"r.log", "r.log.1", "r.log.2"}) {
            assertThat(Files.size(dir.resolve(n))).isLessThanOrEqualTo(1000);
        }
        assertThat(Files.readString(file)).contains("[offset=99]");
    }

    @Test
    void dropsAndCountsWhenTheQueueIsFullNeverBlocking() throws Exception {
        Path file = dir.resolve("d.log");
        long dropped;
        long written;
        try (AuditLog log = AuditLog.open(file, 4, AuditLog.ROTATE_BYTES)) {
            for (int i = 0; i < 200_000; i++) {
                log.record("download", "/p", i, 1, 1);
            }
            log.flush(5000);
            dropped = log.dropped();
            written = log.written();
        }
        assertThat(dropped).isPositive();
        assertThat(dropped + written).isEqualTo(200_000);
        assertThat(Files.readAllLines(file)).hasSize((int) written);
    }

    @Test
    void disabledByConfig() {
        assertThat(AuditLog.fromConfig(false, "/x").isEnabled()).isFalse();
        assertThat(AuditLog.fromConfig(true, "").isEnabled()).isFalse();
        AuditLog.disabled().record("download", "/p", 0, 0, 0);
        assertThat(AuditLog.disabled().dropped()).isZero();
    }
}
