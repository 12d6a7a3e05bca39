package io.obd4j.daemon.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.testing.Fixtures;
import io.obd4j.core.testing.GuestVm;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged workflow on a real kernel: boots the shared test VM (shared/tools/vm/run.sh: Debian's kernel with
 * target_core_user and tcm_loop) once and runs {@link DaemonTcmuScenario} in it as root on this JVM and class path:
 * {@code obd4j daemon}, {@code preflight}, {@code attach}, {@code detach}, SIGTERM. Skipped when /dev/kvm is absent;
 * run.sh falls back to TCG emulation when KVM cannot run the guest.
 */
class DaemonTcmuKernelIT {
    @Test
    @Timeout(value = 25, unit = TimeUnit.MINUTES)
    void daemonServesAnAttachedStackOnARealKernel() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/kvm")),
                "no /dev/kvm: the real-kernel daemon test needs the qemu test VM; skipped");
        Path runSh = Fixtures.tool("vm/run.sh");
        Assumptions.assumeTrue(Files.isExecutable(runSh), "no test VM script at " + runSh + "; skipped");
        Path sample = Path.of("../etc/overlaybd/overlaybd.json").toAbsolutePath().normalize();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Dobd4j.shared=" + Fixtures.shared(), "-cp", privateClassPath(),
                DaemonTcmuScenario.class.getName(), sample.toString());
        GuestVm.Result result = GuestVm.run(runSh.toString(), command, 1320);
        String output = result.output();
        int rc = result.exitCode();
        assertThat(output).contains("ALL PASS").doesNotContain("not ok");
        assertThat(rc).isZero();
    }

    /**
     * This JVM's class path with the obd4j jars of ~/.m2 copied into target/: other builds on this machine may
     * install them again while the guest runs, and a jar replaced under a running JVM loses classes.
     */
    private static String privateClassPath() throws IOException {
        Path copies = Path.of("target/vm-classpath").toAbsolutePath();
        Files.createDirectories(copies);
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (e.contains("/io/obd4j/") && e.endsWith(".jar")) {
                Path copy = copies.resolve(p.getFileName());
                Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
                entries.add(copy.toString());
            } else {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
