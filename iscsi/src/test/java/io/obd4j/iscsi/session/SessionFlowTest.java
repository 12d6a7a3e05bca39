package io.obd4j.iscsi.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.iscsi.EmbeddedTarget;
import io.obd4j.iscsi.TestTargets;
import io.obd4j.iscsi.codec.Bhs;
import io.obd4j.iscsi.codec.Opcode;
import io.obd4j.iscsi.codec.Pdu;
import io.obd4j.iscsi.codec.PduBytes;
import io.obd4j.iscsi.codec.RejectReason;
import io.obd4j.iscsi.login.TargetDefinition;
import io.obd4j.iscsi.login.TargetLimits;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full feature phase over the real pipeline: R2T flows, Data-In sequencing, window, NOP, TMF, logout, rejects. */
class SessionFlowTest {
    private static final String IQN = "iqn.2025-01.io.obd4j.test:flow";
    private static final int WINDOW = 8;

    @TempDir
    Path dir;
    private ScsiDevice device;
    private EmbeddedTarget target;

    @BeforeEach
    void start() throws Exception {
        device = TestTargets.device(TestTargets.randomImage(dir, "flow.raw", 1 << 20, 3));
        TargetLimits limits = new TargetLimits(8192, 1 << 20, 65536, 4, true, false, WINDOW);
        target = new EmbeddedTarget(List.of(TargetDefinition.single(IQN, device)), null, limits);
    }

    @AfterEach
    void stop() throws Exception {
        target.close();
        device.blockDevice().close();
    }

    static byte[] rw10(int opcode, int lba, int blocks) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) opcode;
        ByteBuffer.wrap(cdb).putInt(2, lba).putShort(7, (short) blocks);
        return cdb;
    }

    static PduBytes command(int flags, int itt, int edtl, int cmdSn, byte[] cdb) {
        return PduBytes.of(Opcode.SCSI_COMMAND, 0x80 | flags).intAt(Bhs.INITIATOR_TASK_TAG, itt)
            .intAt(Bhs.EXPECTED_DATA_TRANSFER_LENGTH, edtl).intAt(Bhs.CMD_SN, cmdSn).bytesAt(Bhs.CDB, cdb);
    }

    static byte[] dataOut(int itt, int ttt, int dataSn, int offset, byte[] data, boolean last) {
        return PduBytes.of(Opcode.SCSI_DATA_OUT, last ? 0x80 : 0).intAt(Bhs.INITIATOR_TASK_TAG, itt)
            .intAt(Bhs.TARGET_TRANSFER_TAG, ttt).intAt(Bhs.DATA_SN, dataSn).intAt(Bhs.BUFFER_OFFSET, offset)
            .data(data).encode();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @Test
    void writeSolicitedByR2tsThenReadBackWithStatusCollapse() throws Exception {
        target.loginNormal(IQN, "InitialR2T=Yes", "ImmediateData=No", "MaxBurstLength=4096",
            "MaxOutstandingR2T=2", "MaxRecvDataSegmentLength=2048");
        byte[] payload = random(16384, 11);
        target.send(command(0x20, 7, 16384, target.nextCmdSn(), rw10(0x2a, 8, 32)).encode());
        List<Pdu> r2ts = target.responses(2, 5000);
        assertThat(r2ts).hasSize(2);
        int received = 0;
        int r2tCount = 0;
        while (!r2ts.isEmpty()) {
            Pdu r2t = r2ts.remove(0);
            assertThat(r2t.opcode()).isEqualTo(Opcode.R2T);
            int offset = r2t.field(Bhs.BUFFER_OFFSET);
            int length = r2t.field(Bhs.DESIRED_DATA_TRANSFER_LENGTH);
            int ttt = r2t.field(Bhs.TARGET_TRANSFER_TAG);
            assertThat(r2t.field(Bhs.R2T_SN)).isEqualTo(r2tCount++);
            assertThat(length).isEqualTo(4096);
            r2t.release();
            for (int sn = 0, o = offset; o < offset + length; o += 2048, sn++) {
                target.send(dataOut(7, ttt, sn, o, Arrays.copyOfRange(payload, o, o + 2048),
                    o + 2048 == offset + length));
            }
            received += length;
            if (received < 16384 && r2ts.isEmpty() || received == 16384) {
                r2ts.addAll(target.responses(1, 5000));
            }
            if (received == 16384) {
                break;
            }
        }
        Pdu response = r2ts.get(r2ts.size() - 1);
        assertThat(response.opcode()).isEqualTo(Opcode.SCSI_RESPONSE);
        assertThat(response.byteField(Bhs.BYTE3)).isZero();
        assertThat(response.field(Bhs.EXP_DATA_SN)).isEqualTo(4);
        r2ts.forEach(Pdu::release);

        target.send(command(0x40, 8, 16384, target.nextCmdSn(), rw10(0x28, 8, 32)).encode());
        List<Pdu> dataIn = target.responses(8, 5000);
        assertThat(dataIn).hasSize(8);
        byte[] back = new byte[16384];
        for (int i = 0; i < 8; i++) {
            Pdu d = dataIn.get(i);
            assertThat(d.opcode()).isEqualTo(Opcode.SCSI_DATA_IN);
            assertThat(d.field(Bhs.DATA_SN)).isEqualTo(i);
            assertThat(d.dataLength()).isEqualTo(2048);
            boolean endOfBurst = i % 2 == 1;
            assertThat(d.flags() & 0x80).isEqualTo(endOfBurst ? 0x80 : 0);
            assertThat(d.flags() & 0x01).isEqualTo(i == 7 ? 1 : 0);
            d.data().getBytes(d.data().readerIndex(), back, d.field(Bhs.BUFFER_OFFSET), 2048);
            d.release();
        }
        assertThat(back).isEqualTo(payload);
    }

    @Test
    void immediateAndUnsolicitedDataThenR2tForTheRest() throws Exception {
        target.loginNormal(IQN, "InitialR2T=No", "ImmediateData=Yes", "FirstBurstLength=8192",
            "MaxBurstLength=65536");
        byte[] payload = random(32768, 12);
        target.send(command(0x20, 9, 32768, target.nextCmdSn(), rw10(0x2a, 0, 64))
            .data(Arrays.copyOf(payload, 4096)).encode());
        target.send(dataOut(9, -1, 0, 4096, Arrays.copyOfRange(payload, 4096, 8192), true));
        Pdu r2t = target.response();
        assertThat(r2t.opcode()).isEqualTo(Opcode.R2T);
        assertThat(r2t.field(Bhs.BUFFER_OFFSET)).isEqualTo(8192);
        assertThat(r2t.field(Bhs.DESIRED_DATA_TRANSFER_LENGTH)).isEqualTo(24576);
        int ttt = r2t.field(Bhs.TARGET_TRANSFER_TAG);
        r2t.release();
        for (int o = 8192, sn = 0; o < 32768; o += 8192, sn++) {
            target.send(dataOut(9, ttt, sn, o, Arrays.copyOfRange(payload, o, o + 8192), o + 8192 == 32768));
        }
        Pdu rsp = target.response();
        assertThat(rsp.opcode()).isEqualTo(Opcode.SCSI_RESPONSE);
        assertThat(rsp.byteField(Bhs.BYTE3)).isZero();
        rsp.release();
        byte[] onDisk = new byte[32768];
        device.blockDevice().read(ByteBuffer.wrap(onDisk), 0);
        assertThat(onDisk).isEqualTo(payload);
    }

    @Test
    void commandWindowDropsOutOfWindowAndOpensAsCommandsFinish() throws Exception {
        target.loginNormal(IQN);
        byte[] tur = new byte[16];
        target.send(command(0, 1, 0, 1 + WINDOW, tur).encode());
        target.send(command(0, 2, 0, 0, tur).encode());
        assertThat(target.responses(1, 300)).isEmpty();
        target.send(command(0, 3, 0, target.nextCmdSn(), tur).encode());
        Pdu rsp = target.response();
        assertThat(rsp.initiatorTaskTag()).isEqualTo(3);
        assertThat(rsp.field(Bhs.EXP_CMD_SN)).isEqualTo(2);
        assertThat(rsp.field(Bhs.MAX_CMD_SN)).isEqualTo(1 + WINDOW);
        rsp.release();
    }

    @Test
    void commandsAheadInTheWindowWaitForTheGap() throws Exception {
        target.loginNormal(IQN);
        byte[] tur = new byte[16];
        target.send(command(0, 12, 0, 2, tur).encode());
        assertThat(target.responses(1, 200)).isEmpty();
        target.send(command(0, 11, 0, 1, tur).encode());
        List<Pdu> both = target.responses(2, 5000);
        assertThat(both).extracting(Pdu::initiatorTaskTag).containsExactlyInAnyOrder(11, 12);
        both.forEach(Pdu::release);
    }

    @Test
    void nopOutPingIsEchoed() throws Exception {
        target.loginNormal(IQN);
        target.send(PduBytes.of(Opcode.NOP_OUT, 0x80).immediate().intAt(Bhs.INITIATOR_TASK_TAG, 0x55)
            .intAt(Bhs.TARGET_TRANSFER_TAG, -1).intAt(Bhs.CMD_SN, 1).data("ping!".getBytes()).encode());
        Pdu nop = target.response();
        assertThat(nop.opcode()).isEqualTo(Opcode.NOP_IN);
        assertThat(nop.initiatorTaskTag()).isEqualTo(0x55);
        assertThat(nop.field(Bhs.TARGET_TRANSFER_TAG)).isEqualTo(-1);
        assertThat(nop.data().toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ping!");
        nop.release();
    }

    @Test
    void abortTaskWaitingForDataGetsOnlyTheTmfResponse() throws Exception {
        target.loginNormal(IQN, "InitialR2T=Yes", "ImmediateData=No");
        target.send(command(0x20, 21, 4096, target.nextCmdSn(), rw10(0x2a, 0, 8)).encode());
        Pdu r2t = target.response();
        assertThat(r2t.opcode()).isEqualTo(Opcode.R2T);
        r2t.release();
        target.send(PduBytes.of(Opcode.TASK_MANAGEMENT_REQUEST, 0x81).immediate().intAt(Bhs.INITIATOR_TASK_TAG, 22)
            .intAt(Bhs.REFERENCED_TASK_TAG, 21).intAt(Bhs.CMD_SN, 2).intAt(Bhs.REF_CMD_SN, 1).encode());
        Pdu tmf = target.response();
        assertThat(tmf.opcode()).isEqualTo(Opcode.TASK_MANAGEMENT_RESPONSE);
        assertThat(tmf.byteField(Bhs.BYTE2)).isZero();
        tmf.release();
        target.send(PduBytes.of(Opcode.TASK_MANAGEMENT_REQUEST, 0x81).immediate().intAt(Bhs.INITIATOR_TASK_TAG, 23)
            .intAt(Bhs.REFERENCED_TASK_TAG, 21).intAt(Bhs.CMD_SN, 2).encode());
        Pdu again = target.response();
        assertThat(again.byteField(Bhs.BYTE2)).isEqualTo(1);
        again.release();
        target.send(PduBytes.of(Opcode.TASK_MANAGEMENT_REQUEST, 0x85).immediate().intAt(Bhs.INITIATOR_TASK_TAG, 24)
            .longAt(Bhs.LUN, 9L << 48).intAt(Bhs.CMD_SN, 2).encode());
        Pdu noLun = target.response();
        assertThat(noLun.byteField(Bhs.BYTE2)).isEqualTo(2);
        noLun.release();
    }

    @Test
    void unknownOpcodeIsRejectedAndSessionGoesOn() throws Exception {
        target.loginNormal(IQN);
        target.send(PduBytes.of(Opcode.NOP_OUT, 0x80).byteAt(0, 0x1c).intAt(Bhs.INITIATOR_TASK_TAG, 5).encode());
        Pdu reject = target.response();
        assertThat(reject.opcode()).isEqualTo(Opcode.REJECT);
        assertThat(reject.byteField(Bhs.BYTE2)).isEqualTo(RejectReason.COMMAND_NOT_SUPPORTED.code());
        assertThat(reject.dataLength()).isEqualTo(48);
        reject.release();
        assertThat(target.channel().isOpen()).isTrue();
    }

    @Test
    void logoutAnswersThenCloses() throws Exception {
        target.loginNormal(IQN);
        target.send(PduBytes.of(Opcode.LOGOUT_REQUEST, 0x80).immediate().intAt(Bhs.INITIATOR_TASK_TAG, 77)
            .intAt(Bhs.CMD_SN, 1).encode());
        Pdu rsp = target.response();
        assertThat(rsp.opcode()).isEqualTo(Opcode.LOGOUT_RESPONSE);
        assertThat(rsp.byteField(Bhs.BYTE2)).isZero();
        rsp.release();
        target.channel().runPendingTasks();
        assertThat(target.channel().isOpen()).isFalse();
        assertThat(target.registry().size()).isZero();
    }

    @Test
    void readOfMissingLunFailsAndInquiryReportsNoUnit() throws Exception {
        target.loginNormal(IQN);
        target.send(command(0x40, 31, 512, target.nextCmdSn(), rw10(0x28, 0, 1)).longAt(Bhs.LUN, 3L << 48).encode());
        Pdu rsp = target.response();
        assertThat(rsp.opcode()).isEqualTo(Opcode.SCSI_RESPONSE);
        assertThat(rsp.byteField(Bhs.BYTE3)).isEqualTo(2);
        assertThat(rsp.data().getByte(2 + 12)).isEqualTo((byte) 0x25);
        rsp.release();
        byte[] inquiry = new byte[16];
        inquiry[0] = 0x12;
        inquiry[4] = 36;
        target.send(command(0x40, 32, 36, target.nextCmdSn(), inquiry).longAt(Bhs.LUN, 3L << 48).encode());
        Pdu data = target.response();
        assertThat(data.opcode()).isEqualTo(Opcode.SCSI_DATA_IN);
        assertThat(data.data().getByte(0)).isEqualTo((byte) 0x7f);
        data.release();
    }
}
