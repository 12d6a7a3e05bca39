package io.obd4j.daemon.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.testing.Fixtures;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        List<String> command = List.of(runSh.toString(), "--", java, "-Dobd4j.shared=" + Fixtures.shared(), "-cp",
                System.getProperty("java.class.path"), DaemonTcmuScenario.class.getName(), sample.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putIfAbsent("VM_TIMEOUT", "1320");
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                System.out.println(line);
                lines.add(line);
            }
        }
        int rc = p.waitFor();
        String output = String.join("\n", lines);
        assertThat(output).contains("ALL PASS").doesNotContain("not ok");
        assertThat(rc).isZero();
    }
}
