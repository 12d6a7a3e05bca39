package io.obd4j.daemon;

import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.DownloadConfig;
import io.obd4j.core.config.Obd4jConfig;
import io.obd4j.core.config.OverlaybdConfig;
import io.obd4j.core.metrics.Obd4jMetrics;
import io.obd4j.core.testing.Fixtures;
import io.obd4j.daemon.image.DeviceExporter;
import io.obd4j.daemon.image.DeviceRegistry;
import io.obd4j.daemon.image.FormatImageOpener;
import io.obd4j.daemon.image.ImageServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The iSCSI front end from {@code obd4j.iscsi}: IQNs from dev ids, CHAP from the config, export and unexport. */
class IscsiFrontEndTest {
    @TempDir
    Path dir;

    @Test
    void iqnKeepsOnlyCharactersAnIqnMayHold() {
        assertThat(IscsiFrontEnd.iqn("Redis_7.2/snap 1")).isEqualTo("iqn.2025-01.io.obd4j:redis-7.2-snap-1");
        assertThat(IscsiFrontEnd.iqn("a:b-c.d")).isEqualTo("iqn.2025-01.io.obd4j:a:b-c.d");
    }

    @Test
    void exportsOverChapThatLibiscsiMustProve() throws Exception {
        OverlaybdConfig cfg = ConfigLoader.parseGlobal("{\"cacheConfig\":{\"cacheType\":\"file\",\"cacheDir\":\""
                + dir.resolve("cache") + "\"},\"obd4j\":{\"iscsi\":{\"enable\":true,\"port\":0,"
                + "\"chap\":{\"user\":\"alice\",\"secret\":\"s3cret-s3cret\"}}}}", "test.json").config();
        Path image = Files.writeString(dir.resolve("c.json"), "{\"lowers\":[{\"file\":\""
                + Fixtures.layer("stack-l2.lsmt").toAbsolutePath() + "\"}]}");
        Obd4jConfig.IscsiConfig iscsi = cfg.obd4j().iscsi();
        try (FormatImageOpener opener = new FormatImageOpener(cfg, AuditLog.disabled(), new Obd4jMetrics());
             IscsiFrontEnd front = new IscsiFrontEnd(iscsi)) {
            DeviceRegistry reg = new DeviceRegistry(opener, () -> new DownloadConfig(false, 0, 0, 0, 1, 4096),
                    Clock.systemUTC());
            front.start(reg);
            reg.open(image, "disk");
            DeviceExporter.Export e = front.export("disk");
            int port = front.localAddress().getPort();
            assertThat(e.url()).isEqualTo("iscsi://127.0.0.1:" + port + "/iqn.2025-01.io.obd4j:disk/0");
            assertThatThrownBy(() -> front.export("disk")).isInstanceOf(ImageServiceException.class);

            String withChap = "iscsi://alice%s3cret-s3cret@127.0.0.1:" + port + "/iqn.2025-01.io.obd4j:disk/0";
            assertThat(run("iscsi-readcapacity16", withChap)).isZero();
            assertThat(run("iscsi-readcapacity16", e.url())).as("no CHAP").isNotZero();
            assertThat(run("iscsi-readcapacity16", withChap.replace("s3cret-s3cret", "wrong-secret")))
                    .as("wrong secret").isNotZero();

            front.unexport("disk");
            assertThat(front.exportOf("disk")).isEmpty();
            assertThat(run("iscsi-readcapacity16", withChap)).as("after unexport").isNotZero();
            reg.closeAll();
        }
    }

    private int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
