package io.obd4j.iscsi.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.scsi.Cdb;
import io.obd4j.core.scsi.ItNexus;
import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.core.scsi.ScsiResponse;
import io.obd4j.core.scsi.ScsiStatus;
import io.obd4j.iscsi.EmbeddedTarget;
import io.obd4j.iscsi.TestTargets;
import io.obd4j.iscsi.codec.Bhs;
import io.obd4j.iscsi.codec.Opcode;
import io.obd4j.iscsi.codec.Pdu;
import io.obd4j.iscsi.codec.PduBytes;
import io.obd4j.iscsi.login.TargetDefinition;
import io.obd4j.iscsi.login.TargetLimits;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session's I_T nexus as the device sees it: initiator name + ISID and target name + portal group tag; a
 * RESERVE(6) made through the session ends when its connection drops or a LOGICAL UNIT RESET arrives.
 */
class SessionNexusTest {
    private static final String IQN = "iqn.2025-01.io.obd4j.test:nexus";
    /** The nexus of {@link EmbeddedTarget#loginNormal} (InitiatorName=iqn.test:initiator, ISID 0x800000000001). */
    private static final ItNexus SESSION = ItNexus.iscsi("iqn.test:initiator", 0x800000000001L, IQN, 1);
    private static final ItNexus OTHER = ItNexus.iscsi("iqn.test:other", 0x800000000002L, IQN, 1);

    @TempDir
    Path dir;
    private ScsiDevice device;
    private EmbeddedTarget target;

    @BeforeEach
    void start() throws Exception {
        device = TestTargets.device(TestTargets.randomImage(dir, "nexus.raw", 1 << 20, 5));
        target = new EmbeddedTarget(List.of(TargetDefinition.single(IQN, device)), null, TargetLimits.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        target.close();
        device.blockDevice().close();
    }

    private ScsiStatus readThrough(ItNexus nexus) {
        ByteBuffer in = ByteBuffer.allocate(512);
        return device.execute(Cdb.of(SessionFlowTest.rw10(0x28, 0, 1)), null, in, new ScsiResponse(), nexus).status();
    }

    private void reserveThroughSession() throws InterruptedException {
        target.loginNormal(IQN);
        byte[] reserve = new byte[16];
        reserve[0] = 0x16;
        target.send(SessionFlowTest.command(0, 40, 0, target.nextCmdSn(), reserve).encode());
        Pdu rsp = target.response();
        assertThat(rsp.opcode()).isEqualTo(Opcode.SCSI_RESPONSE);
        assertThat(rsp.byteField(Bhs.BYTE3)).as("status GOOD").isZero();
        rsp.release();
        assertThat(readThrough(SESSION)).as("the holder reads").isEqualTo(ScsiStatus.GOOD);
        assertThat(readThrough(OTHER)).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
    }

    @Test
    void droppedConnectionReleasesTheReservation() throws Exception {
        reserveThroughSession();
        target.reconnect();
        assertThat(readThrough(OTHER)).isEqualTo(ScsiStatus.GOOD);
    }

    @Test
    void logicalUnitResetReleasesTheReservation() throws Exception {
        reserveThroughSession();
        target.send(PduBytes.of(Opcode.TASK_MANAGEMENT_REQUEST, 0x85).immediate().intAt(Bhs.INITIATOR_TASK_TAG, 41)
            .intAt(Bhs.REFERENCED_TASK_TAG, -1).intAt(Bhs.CMD_SN, target.nextCmdSn()).encode());
        Pdu tmf = target.response();
        assertThat(tmf.opcode()).isEqualTo(Opcode.TASK_MANAGEMENT_RESPONSE);
        assertThat(tmf.byteField(Bhs.BYTE2)).isZero();
        tmf.release();
        assertThat(readThrough(OTHER)).isEqualTo(ScsiStatus.GOOD);
    }

    @Test
    void aConflictReachesTheInitiatorAsStatusWithoutSense() throws Exception {
        target.loginNormal(IQN);
        byte[] reserve = {0x16, 0, 0, 0, 0, 0};
        assertThat(device.execute(Cdb.of(reserve), null, null, new ScsiResponse(), OTHER).isGood()).isTrue();
        target.send(SessionFlowTest.command(0x40, 42, 512, target.nextCmdSn(), SessionFlowTest.rw10(0x28, 0, 1))
            .encode());
        Pdu rsp = target.response();
        assertThat(rsp.opcode()).isEqualTo(Opcode.SCSI_RESPONSE);
        assertThat(rsp.byteField(Bhs.BYTE3)).isEqualTo(0x18);
        assertThat(rsp.dataLength()).isZero();
        rsp.release();
    }
}
