package io.obd4j.tcmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UioSysfsTest {
    @TempDir
    Path dir;

    @Test
    void parsesTheKernelsDeviceName() {
        TcmuDeviceName n = TcmuDeviceName.parse("tcm-user/999999999/dev_42/overlaybd//var/lib/c/snapshots/42/"
                + "block/config.v1.json\n");
        assertThat(n.hba()).isEqualTo("999999999");
        assertThat(n.hbaDirectory()).isEqualTo("user_999999999");
        assertThat(n.deviceName()).isEqualTo("dev_42");
        assertThat(n.cfgString()).isEqualTo("overlaybd//var/lib/c/snapshots/42/block/config.v1.json");
        assertThat(n.subtype()).isEqualTo("overlaybd");
        assertThat(n.isOverlaybd()).isTrue();
        assertThat(n.configPath()).isEqualTo("/var/lib/c/snapshots/42/block/config.v1.json");
        assertThat(n.devId()).isNull();

        TcmuDeviceName withId = TcmuDeviceName.parse("tcm-user/1/vol1/overlaybd//a/b.json;123;x");
        assertThat(withId.configPath()).isEqualTo("/a/b.json");
        assertThat(withId.devId()).isEqualTo("123;x");
        assertThat(TcmuDeviceName.parse("tcm-user/1/vol1/file").subtype()).isEqualTo("file");
        assertThat(TcmuDeviceName.parse("tcm-user/1/vol1/overlaybdx/y").isOverlaybd()).isFalse();
        assertThat(withId.toString()).isEqualTo("tcm-user/1/vol1/overlaybd//a/b.json;123;x");

        for (String bad : new String[] {"uio_pdrv/1/a/b", "tcm-user/1/a", "tcm-user//a/b", "tcm-user/1//b", ""}) {
            assertThatThrownBy(() -> TcmuDeviceName.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(TcmuDeviceName.isTcmu("tcm-user/1/a/b")).isTrue();
        assertThat(TcmuDeviceName.isTcmu("uio_hv_generic")).isFalse();
    }

    @Test
    void listsDevicesAndReadsMapSizes() throws Exception {
        UioSysfs sysfs = new UioSysfs(dir.resolve("class/uio"), dir.resolve("dev"));
        assertThat(sysfs.list()).isEmpty();
        write("uio10", "tcm-user/1/a/overlaybd//x", "0x0000000000c00000");
        write("uio2", "uio_pdrv_genirq", "12582912");
        write("uio3", "tcm-user/1/b/overlaybd//y", "junk");
        Files.createDirectories(dir.resolve("class/uio/uioX"));
        Files.createDirectories(dir.resolve("class/uio/uio4"));
        assertThat(sysfs.list()).containsExactly(new UioSysfs.Entry(2, "uio_pdrv_genirq"),
                new UioSysfs.Entry(3, "tcm-user/1/b/overlaybd//y"),
                new UioSysfs.Entry(10, "tcm-user/1/a/overlaybd//x"));
        assertThat(sysfs.mapSize(10)).isEqualTo(12582912L);
        assertThat(sysfs.mapSize(2)).isEqualTo(12582912L);
        assertThatThrownBy(() -> sysfs.mapSize(3)).isInstanceOf(IOException.class).hasMessageContaining("'junk'");
        assertThat(sysfs.deviceNode(10)).isEqualTo(dir.resolve("dev/uio10"));
        assertThat(sysfs.name(10)).isEqualTo("tcm-user/1/a/overlaybd//x");
    }

    private void write(String uio, String name, String size) throws IOException {
        Path d = dir.resolve("class/uio").resolve(uio);
        Files.createDirectories(d.resolve("maps/map0"));
        Files.writeString(d.resolve("name"), name + "\n");
        Files.writeString(d.resolve("maps/map0/size"), size + "\n");
    }
}
