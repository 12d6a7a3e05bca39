package io.obd4j.iscsi.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.iscsi.EmbeddedTarget;
import io.obd4j.iscsi.TestTargets;
import io.obd4j.iscsi.codec.Bhs;
import io.obd4j.iscsi.codec.Opcode;
import io.obd4j.iscsi.codec.Pdu;
import io.obd4j.iscsi.codec.PduBytes;
import io.obd4j.iscsi.login.TargetDefinition;
import io.obd4j.iscsi.login.TargetLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The target pings a quiet initiator with NOP-In and drops a connection whose initiator stays silent. */
class KeepaliveTest {
    private static final String IQN = "iqn.2025-01.io.obd4j.test:nop";

    @TempDir
    Path dir;

    @Test
    void pingsWhenQuietAndClosesWhenUnanswered() throws Exception {
        ScsiDevice device = TestTargets.device(TestTargets.randomImage(dir, "nop.raw", 1 << 20, 5));
        try (EmbeddedTarget target = new EmbeddedTarget(List.of(TargetDefinition.single(IQN, device)), null,
                TargetLimits.defaults(), 1000)) {
            target.channel().freezeTime();
            target.loginNormal(IQN);
            target.channel().advanceTimeBy(1100, TimeUnit.MILLISECONDS);
            target.channel().runScheduledPendingTasks();
            Pdu ping = target.response();
            assertThat(ping.opcode()).isEqualTo(Opcode.NOP_IN);
            assertThat(ping.initiatorTaskTag()).isEqualTo(Bhs.RESERVED_TAG);
            int ttt = ping.field(Bhs.TARGET_TRANSFER_TAG);
            assertThat(ttt).isNotEqualTo(Bhs.RESERVED_TAG);
            ping.release();
            target.send(PduBytes.of(Opcode.NOP_OUT, 0x80).immediate().intAt(Bhs.INITIATOR_TASK_TAG, -1)
                .intAt(Bhs.TARGET_TRANSFER_TAG, ttt).intAt(Bhs.CMD_SN, 1).encode());
            target.channel().advanceTimeBy(2100, TimeUnit.MILLISECONDS);
            target.channel().runScheduledPendingTasks();
            assertThat(target.channel().isOpen()).isTrue();
            Pdu second = target.response();
            assertThat(second.opcode()).isEqualTo(Opcode.NOP_IN);
            second.release();
            for (int i = 0; i < 3; i++) {
                target.channel().advanceTimeBy(1000, TimeUnit.MILLISECONDS);
                target.channel().runScheduledPendingTasks();
            }
            target.channel().runPendingTasks();
            assertThat(target.channel().isOpen()).isFalse();
        } finally {
            device.blockDevice().close();
        }
    }
}
