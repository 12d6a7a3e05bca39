package io.obd4j.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.testing.FifoRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code obd4j attach/detach} against a fake configfs and sysfs: directory trees laid out as the kernel's, where
 * the kernel's own entries (tpgt_1/address, the scsi_device block dir) are made up front.
 */
class AttachDetachCommandTest {
    @TempDir
    Path dir;
    private Path configfs;
    private Path sys;
    private Path config;

    @BeforeEach
    void tree() throws IOException {
        configfs = dir.resolve("configfs/target");
        sys = dir.resolve("sys");
        config = dir.resolve("snapshots/42/block/config.v1.json");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "{\"lowers\":[{\"file\":\"/layers/a\"}],\"upper\":{},\"resultFile\":\""
                + config.resolveSibling("init-debug.log") + "\"}");
    }

    /** What the kernel would create for id {@code id} (tenant -1) at SCSI host {@code host}, disk {@code disk}. */
    private Path kernelEntries(String id, int host, String disk) throws IOException {
        Path target = configfs.resolve("core/user_999999999/dev_" + id);
        Files.createDirectories(target.resolve("attrib"));
        String naa = String.format("naa.199%013d", Long.parseLong(id));
        Path tpg = configfs.resolve("loopback/" + naa + "/tpgt_1");
        Files.createDirectories(tpg);
        Files.writeString(tpg.resolve("address"), host + ":0:1\n");
        if (disk != null) {
            Files.createDirectories(sys.resolve("class/scsi_device/" + host + ":0:1:0/device/block/" + disk));
            Files.createDirectories(sys.resolve("block/" + disk + "/device"));
        }
        return target;
    }

    private Cli.Run obd4j(String command, Object... args) {
        Object[] all = new Object[args.length + 5];
        all[0] = command;
        all[1] = "--configfs-target";
        all[2] = configfs;
        all[3] = "--sysfs";
        all[4] = sys;
        System.arraycopy(args, 0, all, 5, args.length);
        return Cli.run(all);
    }

    @Test
    @Timeout(60)
    void attachPrintsTheDiskAndDetachRemovesEverything() throws Exception {
        Path target = kernelEntries("42", 7, "sdq");
        Cli.Run attach = obd4j("attach", "--config", config, "--id", "42");
        assertThat(attach.exit()).as(attach.err()).isZero();
        assertThat(attach.out()).isEqualTo("/dev/sdq\n");
        assertThat(Files.readString(target.resolve("control"))).isEqualTo("max_data_area_mb=4");
        assertThat(Files.readString(target.resolve("enable"))).isEqualTo("1");
        Path lun = configfs.resolve("loopback/naa.1990000000000042/tpgt_1/lun/lun_0");
        assertThat(Files.readSymbolicLink(lun.resolve("dev_42"))).isEqualTo(target);
        assertThat(Files.readString(sys.resolve("block/sdq/device/timeout"))).isEqualTo("2147483");

        Cli.Run detach = obd4j("detach", "--id", "42");
        assertThat(detach.exit()).as(detach.err()).isZero();
        assertThat(target).doesNotExist();
        assertThat(configfs.resolve("loopback/naa.1990000000000042")).doesNotExist();

        Cli.Run again = obd4j("detach", "--id", "42");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("no device with id 42: neither " + target + " nor ");
    }

    @Test
    @Timeout(60)
    void withoutIdTheLowestFreeIdIsUsedAndDevIdIsPassed() throws Exception {
        for (String used : new String[] {"dev_1", "dev_2"}) {
            Files.createDirectories(configfs.resolve("core/user_999999999/" + used));
            Files.writeString(configfs.resolve("core/user_999999999/" + used + "/enable"), "1\n");
        }
        Path target = kernelEntries("3", 9, "sdb");
        StringBuffer control = FifoRecorder.recordWrites(target.resolve("control"));
        Cli.Run attach = obd4j("attach", "--config", config, "--dev-id");
        assertThat(attach.exit()).as(attach.err()).isZero();
        assertThat(attach.out()).isEqualTo("/dev/sdb\n");
        assertThat(attach.err()).contains("id 3 (obd4j detach --id 3)");
        String expected = "dev_config=overlaybd/" + config + ";3" + "max_data_area_mb=4";
        for (int i = 0; i < 500 && control.length() < expected.length(); i++) {
            Thread.sleep(10);
        }
        assertThat(control.toString()).isEqualTo(expected);
    }

    @Test
    void badInputIsRefusedBeforeTouchingConfigfs() throws Exception {
        Cli.Run missing = obd4j("attach", "--config", dir.resolve("nope.json"), "--id", "5");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("obd4j attach: ").contains(dir.resolve("nope.json").toString());

        Path comma = dir.resolve("a,b/config.v1.json");
        Files.createDirectories(comma.getParent());
        Files.copy(config, comma);
        Cli.Run split = obd4j("attach", "--config", comma, "--id", "5");
        assertThat(split.err()).contains("the kernel splits dev_config at ','");

        Cli.Run badId = obd4j("attach", "--config", config, "--id", "5x");
        assertThat(badId.err()).contains("snapshot id must be 1..13 decimal digits: '5x'");

        Path longDir = dir.resolve("d".repeat(200)).resolve("e".repeat(60));
        Files.createDirectories(longDir);
        Files.copy(config, longDir.resolve("c.json"));
        Cli.Run tooLong = obd4j("attach", "--config", longDir.resolve("c.json"), "--id", "5");
        assertThat(tooLong.err()).contains("configfs keeps only 255; use a shorter path");

        Cli.Run tenant = obd4j("attach", "--config", config, "--id", "5", "--tenant", "-3");
        assertThat(tenant.err()).contains("--tenant must be -1 or a non-negative number, not -3");
        assertThat(configfs).doesNotExist();

        kernelEntries("6", 3, null);
        Files.writeString(configfs.resolve("core/user_999999999/dev_6/enable"), "1");
        Cli.Run inUse = obd4j("attach", "--config", config, "--id", "6");
        assertThat(inUse.err()).contains("id 6 is in use: " + configfs.resolve("core/user_999999999/dev_6"));
    }

    @Test
    @Timeout(60)
    void aDiskThatNeverAppearsIsAnErrorNamingTheAddress() throws Exception {
        kernelEntries("8", 11, null);
        Cli.Run attach = obd4j("attach", "--config", config, "--id", "8", "--tenant", "-1");
        assertThat(attach.exit()).isEqualTo(1);
        assertThat(attach.out()).isEmpty();
        assertThat(attach.err()).contains("is exported at SCSI address 11:0:1 but no disk appeared under "
                + sys.resolve("class/scsi_device/11:0:1:0/device/block")).contains("obd4j detach --id 8");
    }
}
