package io.obd4j.tcmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.testing.FifoRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The snapshotter's configfs sequence against directory trees (a FIFO records the writes to {@code control}). */
class ConfigfsTargetTest {
    @TempDir
    Path dir;

    @Test
    void layoutMatchesTheSnapshotter() {
        ConfigfsTarget t = new ConfigfsTarget(dir, dir);
        ConfigfsTarget.Layout l = t.layout("128", -1);
        assertThat(l.naa()).isEqualTo("naa.1990000000000128");
        assertThat(l.target()).isEqualTo(dir.resolve("core/user_999999999/dev_128"));
        assertThat(l.lun()).isEqualTo(dir.resolve("loopback/naa.1990000000000128/tpgt_1/lun/lun_0"));
        assertThat(l.link()).isEqualTo(l.lun().resolve("dev_128"));
        ConfigfsTarget.Layout tenant = t.layout("7", 1234);
        assertThat(tenant.hba()).isEqualTo(1234);
        assertThat(tenant.naa()).isEqualTo("naa.1340000000000007");
        assertThatThrownBy(() -> t.layout("12345678901234", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.layout("1/2", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Timeout(30)
    void attachWritesTheExactSequenceAndDetachRemovesIt() throws Exception {
        Path configfs = dir.resolve("configfs");
        Path sys = dir.resolve("sys");
        ConfigfsTarget t = new ConfigfsTarget(configfs, sys);
        ConfigfsTarget.Layout l = t.layout("42", -1);
        Files.createDirectories(l.target().resolve("attrib"));
        StringBuffer controlWrites = FifoRecorder.recordWrites(l.target().resolve("control"));
        Files.createDirectories(l.loop().resolve("tpgt_1"));
        Files.writeString(l.loop().resolve("tpgt_1/address"), "7:0:1\n");
        Files.createDirectories(sys.resolve("class/scsi_device/7:0:1:0/device/block/sdq"));
        Files.createDirectories(sys.resolve("block/sdq/device"));
        Path config = dir.resolve("snapshots/42/block/config.v1.json");

        ConfigfsTarget.Attachment a = t.attach("42", config, -1, false, null);

        assertThat(a.device()).isEqualTo("/dev/sdq");
        assertThat(a.address()).isEqualTo("7:0:1");
        waitFor(controlWrites, "dev_config=overlaybd/" + config + "max_data_area_mb=4");
        assertThat(Files.readString(l.target().resolve("enable"))).isEqualTo("1");
        assertThat(Files.readString(l.target().resolve("attrib/cmd_time_out"))).isEqualTo("2147483");
        assertThat(Files.readString(l.loop().resolve("tpgt_1/nexus"))).isEqualTo("naa.1990000000000042");
        assertThat(Files.readSymbolicLink(l.link())).isEqualTo(l.target());
        assertThat(Files.readString(sys.resolve("block/sdq/device/timeout"))).isEqualTo("2147483");

        t.detach("42", -1);
        assertThat(l.link()).doesNotExist();
        assertThat(l.loop()).doesNotExist();
        assertThat(l.target()).doesNotExist();
        assertThat(configfs.resolve("core/user_999999999")).isDirectory();
    }

    @Test
    @Timeout(30)
    void devIdIsAppendedAndAMissingDiskGivesAnEmptyName() throws Exception {
        ConfigfsTarget t = new ConfigfsTarget(dir.resolve("configfs"), dir.resolve("sys"));
        ConfigfsTarget.Layout l = t.layout("9", 3);
        Files.createDirectories(l.target().resolve("attrib"));
        StringBuffer controlWrites = FifoRecorder.recordWrites(l.target().resolve("control"));
        Files.createDirectories(l.loop().resolve("tpgt_1"));
        Files.writeString(l.loop().resolve("tpgt_1/address"), "8:0:1\n");
        ConfigfsTarget.Attachment a = t.attach("9", Path.of("/c/config.v1.json"), 3, true, null);
        assertThat(a.device()).isEmpty();
        waitFor(controlWrites, "dev_config=overlaybd//c/config.v1.json;9max_data_area_mb=4");
        assertThat(l.target().toString()).contains("core/user_3/dev_9");
    }

    @Test
    @Timeout(30)
    void aDiskListedBeforeItsSysBlockEntryIsRetried() throws Exception {
        Path sys = dir.resolve("sys");
        ConfigfsTarget t = new ConfigfsTarget(dir.resolve("configfs"), sys);
        ConfigfsTarget.Layout l = t.layout("8", -1);
        Files.createDirectories(l.target().resolve("attrib"));
        Files.createDirectories(l.loop().resolve("tpgt_1"));
        Files.writeString(l.loop().resolve("tpgt_1/address"), "9:0:1\n");
        Files.createDirectories(sys.resolve("class/scsi_device/9:0:1:0/device/block/sdr"));
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(100);
                Files.createDirectories(sys.resolve("block/sdr/device"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        late.start();
        ConfigfsTarget.Attachment a = t.attach("8", Path.of("/c/config.v1.json"), -1, false, null);
        late.join();
        assertThat(a.device()).isEqualTo("/dev/sdr");
        assertThat(Files.readString(sys.resolve("block/sdr/device/timeout"))).isEqualTo("2147483");
    }

    @Test
    void failedEnableCleansUp() throws Exception {
        ConfigfsTarget t = new ConfigfsTarget(dir.resolve("configfs"), dir.resolve("sys"));
        ConfigfsTarget.Layout l = t.layout("5", -1);
        Files.createDirectories(l.target().resolve("enable"));
        assertThatThrownBy(() -> t.attach("5", Path.of("/c.json"), -1, false, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("failed to write enable for " + l.target());
        assertThat(l.target()).doesNotExist();
    }

    private static void waitFor(StringBuffer stream, String expected) throws InterruptedException {
        for (int i = 0; i < 500 && stream.length() < expected.length(); i++) {
            Thread.sleep(10);
        }
        assertThat(stream.toString()).isEqualTo(expected);
    }
}
