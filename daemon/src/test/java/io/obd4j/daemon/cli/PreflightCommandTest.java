package io.obd4j.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code obd4j preflight} against a fake root (proc, sys, lib/modules) laid out as Linux's. */
class PreflightCommandTest {
    private static final String RELEASE = "6.1.0-test-amd64";

    @TempDir
    Path dir;
    private Path root;
    private Path config;

    @BeforeEach
    void readyHost() throws IOException {
        root = dir.resolve("root");
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/sys/kernel/osrelease"), RELEASE + "\n");
        Files.writeString(root.resolve("proc/mounts"), "sysfs /sys sysfs rw,nosuid 0 0\n"
                + "configfs /sys/kernel/config configfs rw,nosuid,nodev,noexec,relatime 0 0\n");
        Files.createDirectories(root.resolve("proc/self"));
        Files.createDirectories(root.resolve("sys/module/target_core_user/parameters"));
        Files.createDirectories(root.resolve("sys/module/uio"));
        Files.createDirectories(root.resolve("sys/class/uio"));
        Files.createDirectories(root.resolve("sys/kernel/config/target/loopback"));
        Files.createDirectories(root.resolve("lib/modules/" + RELEASE));
        Files.writeString(root.resolve("lib/modules/" + RELEASE + "/modules.dep"),
                "kernel/drivers/target/loopback/tcm_loop.ko: kernel/drivers/target/target_core_mod.ko\n"
                        + "kernel/drivers/target/target_core_user.ko: kernel/drivers/uio/uio.ko\n");
        config = dir.resolve("overlaybd.json");
        Files.writeString(config, "{\"serviceConfig\": {\"enable\": false}}");
    }

    private Cli.Run preflight() {
        return Cli.run("preflight", "--root", root, "--config", config);
    }

    @Test
    void aReadyHostPassesAndSaysTheDaemonIsNotChecked() {
        Cli.Run r = preflight();
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).isEqualTo("""
                ok   configfs mounted at /sys/kernel/config
                ok   kernel module target_core_user loaded
                ok   kernel module tcm_loop (loaded)
                ok   uio available
                ok   running as root
                warn obd4j daemon answers on its API: serviceConfig.enable is false in %s, so whether the daemon \
                runs is not checked; fix: set serviceConfig.enable to true, or check 'systemctl status obd4j'
                """.formatted(config));
    }

    @Test
    void eachMissingPieceFailsWithItsFix() throws Exception {
        Files.writeString(root.resolve("proc/mounts"), "sysfs /sys sysfs rw 0 0\n");
        deleteTree(root.resolve("sys"));
        Files.setAttribute(root.resolve("proc/self"), "unix:uid", 1000);
        Cli.Run r = preflight();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out().lines()).containsSubsequence(
                "FAIL configfs mounted at /sys/kernel/config: no configfs line for /sys/kernel/config in "
                        + root.resolve("proc/mounts") + "; fix: mount -t configfs none /sys/kernel/config",
                "FAIL kernel module target_core_user loaded: /sys/module/target_core_user is missing; "
                        + "fix: modprobe target_core_user",
                "ok   kernel module tcm_loop (not loaded; the first attach loads it)",
                "FAIL uio available: neither /sys/class/uio nor /sys/module/uio exists; fix: modprobe uio",
                "FAIL running as root: effective uid is 1000; configfs, /dev/uio* and /dev/sd* need root; "
                        + "fix: run as root (sudo obd4j ...)");
    }

    @Test
    void modulesTheKernelDoesNotHaveAreNamed() throws Exception {
        Files.writeString(root.resolve("lib/modules/" + RELEASE + "/modules.dep"), "kernel/fs/ext4/ext4.ko:\n");
        deleteTree(root.resolve("sys/module/target_core_user"));
        deleteTree(root.resolve("sys/kernel/config/target/loopback"));
        Cli.Run r = preflight();
        assertThat(r.exit()).isEqualTo(1);
        String notListed = "the running kernel " + RELEASE + " does not list it in /lib/modules/" + RELEASE
                + "/modules.dep or modules.builtin";
        assertThat(r.out()).contains("fix: modprobe target_core_user (" + notListed + ", CONFIG_TCM_USER2)")
                .contains("FAIL kernel module tcm_loop: not loaded and " + notListed
                        + "; fix: modprobe tcm_loop (a kernel with CONFIG_LOOPBACK_TARGET)");
    }

    @Test
    void anEnabledApiWithNoDaemonFails() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(config, "{\"serviceConfig\": {\"enable\": true, \"address\": \"http://127.0.0.1:" + port
                + "\"}}");
        Cli.Run r = preflight();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL obd4j daemon answers on its API: no answer at http://127.0.0.1:" + port
                + ": Connection refused; fix: start it: systemctl start obd4j (or obd4j daemon --config "
                + config + ")");
    }

    @Test
    void aBadGlobalConfigIsNamed() throws Exception {
        Files.writeString(config, "{\"serviceConfig\": {\"address\": \"http://example.com:1\"}}");
        Cli.Run r = preflight();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL obd4j daemon answers on its API: ").contains(config.toString())
                .contains("serviceConfig.address").contains("; fix: fix " + config + " or give --config FILE");
    }

    @Test
    void theHealthReplyIsJudgedByTheTcmuFrontEnd() {
        Path cfg = Path.of("/etc/overlaybd/overlaybd.json");
        assertThat(DaemonProbe.judge("api", "http://127.0.0.1:9862",
                "{\"status\":\"ok\",\"frontEnds\":[{\"name\":\"tcmu\",\"status\":\"3 devices\"}]}", cfg).line())
                .isEqualTo("ok   api (http://127.0.0.1:9862, tcmu: 3 devices)");
        assertThat(DaemonProbe.judge("api", "unix:///run/obd4j.sock", "<html>", cfg).line())
                .startsWith("FAIL api: unix:///run/obd4j.sock/health is not JSON: ")
                .endsWith("; fix: is serviceConfig.address the obd4j daemon's?");
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
