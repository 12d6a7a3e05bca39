package io.obd4j.tcmu;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.testing.Fixtures;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real kernel: boots Debian's kernel (target_core_user, tcm_loop, configfs) under qemu with the shared test
 * VM (shared/tools/vm/run.sh) and runs {@link TcmuKernelScenario} in it as root, on this JVM and class path.
 * Skipped when /dev/kvm is absent (run.sh falls back to TCG emulation when /dev/kvm cannot run Debian's kernel).
 */
class TcmuKernelIT {

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void snapshotterAttachIoRestartAndDetachOnARealKernel() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/kvm")),
                "no /dev/kvm: the real-kernel TCMU test needs the qemu test VM; skipped");
        Path runSh;
        try {
            runSh = Fixtures.tool("vm/run.sh");
        } catch (IllegalStateException e) {
            runSh = Path.of("shared/tools/vm/run.sh");
        }
        Assumptions.assumeTrue(Files.isExecutable(runSh), "no test VM script at " + runSh + "; skipped");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(runSh.toString(), "--", java, "-Dobd4j.shared=" + Fixtures.shared(),
                "-cp", System.getProperty("java.class.path"), TcmuKernelScenario.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        System.out.println(output);
        assertThat(output).contains("ALL PASS").doesNotContain("not ok");
        assertThat(rc).isZero();
    }
}
