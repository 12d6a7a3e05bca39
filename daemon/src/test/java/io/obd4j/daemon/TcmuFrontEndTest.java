package io.obd4j.daemon;

import io.obd4j.core.config.DownloadConfig;
import io.obd4j.daemon.image.DeviceRegistry;
import io.obd4j.daemon.image.RawFileDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** Without the kernel's target_core_user the TCMU front end says why and stays idle instead of failing start-up. */
class TcmuFrontEndTest {
    @TempDir
    Path dir;

    @Test
    void staysIdleAndSaysWhyWithoutTheKernelModule() throws Exception {
        DeviceRegistry images = new DeviceRegistry(new RawFileDevice.Opener(),
                () -> new DownloadConfig(false, 0, 0, 0, 1, 4096), Clock.systemUTC());
        try (TcmuFrontEnd tcmu = new TcmuFrontEnd(dir.resolve("sys/module/target_core_user"))) {
            tcmu.start(images);
            assertThat(tcmu.status()).isEqualTo("unavailable (no kernel module target_core_user)");
        }
    }
}
