package io.obd4j.daemon;

import ch.qos.logback.classic.Level;
import io.obd4j.core.config.LogConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonLoggingTest {
    @TempDir
    Path dir;

    @AfterEach
    void backToStderr() {
        DaemonLogging.configure(new LogConfig(1, "", 10, 3));
    }

    @Test
    void overlaybdLevelsMapToLogbackLevels() {
        assertThat(DaemonLogging.level(0)).isEqualTo(Level.DEBUG);
        assertThat(DaemonLogging.level(1)).isEqualTo(Level.INFO);
        assertThat(DaemonLogging.level(2)).isEqualTo(Level.WARN);
        assertThat(DaemonLogging.level(3)).isEqualTo(Level.ERROR);
        assertThat(DaemonLogging.level(4)).isEqualTo(Level.ERROR);
    }

    @Test
    void fileLogHonoursTheLevelAndIsReopenedAfterAnExternalRotation() throws Exception {
        Path log = dir.resolve("obd4j.log");
        DaemonLogging.configure(new LogConfig(2, log.toString(), 10, 3));
        Logger logger = LoggerFactory.getLogger("test");
        logger.info("info line");
        logger.warn("warn line");
        assertThat(Files.readString(log)).contains("|WARN |").contains("warn line").doesNotContain("info line");
        Files.move(log, dir.resolve("obd4j.log.1"));
        DaemonLogging.reopen();
        logger.error("after reopen");
        assertThat(Files.readString(log)).contains("after reopen");
        assertThat(Files.readString(dir.resolve("obd4j.log.1"))).doesNotContain("after reopen");
    }
}
