package io.obd4j.tcmu;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.image.LayerStack;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.core.testing.Fixtures;
import io.obd4j.core.testing.GuestVm;
import io.obd4j.iscsi.IscsiTarget;
import io.obd4j.iscsi.IscsiTargetConfig;
import io.obd4j.iscsi.login.TargetDefinition;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real kernel: boots Debian's kernel (target_core_user, tcm_loop, configfs, iscsi_tcp) under qemu with the shared
 * test VM (shared/tools/vm/run.sh) and runs {@link TcmuKernelScenario} in it as root, on this JVM and class path.
 * This JVM also serves fixture stack3 on obd4j's iSCSI target, which the guest's open-iscsi logs into through
 * qemu's user network (10.0.2.2 = the host's loopback). Skipped when /dev/kvm is absent; run.sh says whether it
 * uses KVM or falls back to TCG emulation (VM_ACCEL).
 */
class TcmuKernelIT {
    private static final String IQN = "iqn.2025-01.io.obd4j:it-stack3";

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
        try (LayerStack stack3 = openStack3(); IscsiTarget iscsi = startIscsi(stack3)) {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java,
                    "-Dobd4j.shared=" + Fixtures.shared(), "-cp", System.getProperty("java.class.path"),
                    TcmuKernelScenario.class.getName()));
            // the guest runs the host's binaries: open-iscsi must be installed here (scripts/test.sh does it)
            if (Files.isExecutable(Path.of("/usr/sbin/iscsid")) && Files.isExecutable(Path.of("/usr/sbin/iscsiadm"))) {
                command.addAll(List.of("--iscsi", "10.0.2.2:" + iscsi.port(), IQN));
            } else {
                System.out.println("NOTICE: open-iscsi is not installed; the in-VM iSCSI initiator check is skipped");
            }
            GuestVm.Result result = GuestVm.run(runSh.toString(), command, 1080);
            String output = result.output();
            int rc = result.exitCode();
            assertThat(output).contains("ALL PASS").doesNotContain("not ok");
            assertThat(rc).isZero();
        }
    }

    /** Fixture stack3: ZFile, LSMT and ZFile layers, read-only. */
    private static LayerStack openStack3() throws Exception {
        List<LocalFileSource> blobs = new ArrayList<>();
        for (var layer : Fixtures.fixture("stack3").get("layers")) {
            blobs.add(LocalFileSource.open(Fixtures.overlaybd().resolve(layer.asText())));
        }
        return LayerStack.openBlobs(blobs);
    }

    /** {@code stack} as LUN 0 of {@link #IQN} on an ephemeral port of 127.0.0.1. */
    private static IscsiTarget startIscsi(LayerStack stack) throws Exception {
        ScsiDevice lun = ScsiDevice.builder(stack)
                .maxTransferLength(IscsiTarget.maxTransferBlocks(512)).build();
        return IscsiTarget.start(IscsiTargetConfig.of(new InetSocketAddress("127.0.0.1", 0),
                List.of(TargetDefinition.single(IQN, lun)), null));
    }
}
