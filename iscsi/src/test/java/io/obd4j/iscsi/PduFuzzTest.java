package io.obd4j.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.iscsi.codec.Bhs;
import io.obd4j.iscsi.codec.Opcode;
import io.obd4j.iscsi.codec.Pdu;
import io.obd4j.iscsi.codec.PduBytes;
import io.obd4j.iscsi.login.TargetDefinition;
import io.obd4j.iscsi.login.TargetLimits;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Seeded fuzzing of the whole connection pipeline: 4 x 25,000 mutated PDUs (valid templates with flipped bytes,
 * wrong lengths, truncation, garbage, wrong opcodes) after and during login. Nothing may escape as an unexpected
 * exception (those are logged at ERROR); refusals are Rejects, refused logins or closed connections, after which
 * a new connection must log in and work.
 */
class PduFuzzTest {
    private static final String IQN = "iqn.2025-01.io.obd4j.test:fuzz";
    private static final int PDUS_PER_SEED = 25_000;

    @TempDir
    static Path dir;
    private static ScsiDevice device;
    private static final ListAppender<ILoggingEvent> ERRORS = new ListAppender<>();
    private static Level previous;

    @BeforeAll
    static void setUp() throws Exception {
        device = TestTargets.device(TestTargets.randomImage(dir, "fuzz.raw", 1 << 20, 9));
        Logger logger = (Logger) LoggerFactory.getLogger("io.obd4j.iscsi");
        previous = logger.getLevel();
        logger.setLevel(Level.ERROR);
        ERRORS.start();
        logger.addAppender(ERRORS);
    }

    @AfterAll
    static void tearDown() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("io.obd4j.iscsi");
        logger.detachAppender(ERRORS);
        logger.setLevel(previous);
        device.blockDevice().close();
    }

    @ParameterizedTest
    @ValueSource(longs = {0x5eed0001L, 0x5eed0002L, 0x5eed0003L, 0x5eed0004L})
    void mutatedPdusAreRefusedCleanly(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        TargetLimits limits = new TargetLimits(8192, 65536, 16384, 4, true, false, 16);
        int reconnects = 0;
        try (EmbeddedTarget target = new EmbeddedTarget(List.of(TargetDefinition.single(IQN, device)), null,
                limits)) {
            boolean loggedIn = false;
            boolean fresh = true;
            for (int i = 0; i < PDUS_PER_SEED; i++) {
                if (!target.channel().isOpen()) {
                    target.reconnect();
                    reconnects++;
                    loggedIn = false;
                    fresh = true;
                }
                if (!loggedIn && random.nextInt(8) != 0) {
                    if (!fresh) {
                        target.reconnect();
                    }
                    target.loginNormal(IQN, "MaxRecvDataSegmentLength=8192", random.nextBoolean()
                        ? "InitialR2T=No" : "InitialR2T=Yes", "MaxBurstLength=16384");
                    loggedIn = true;
                }
                byte[] pdu = mutate(template(random, loggedIn), random);
                fresh = false;
                target.send(pdu);
                if ((i & 63) == 0) {
                    target.responses(0, 0).forEach(Pdu::release);
                }
            }
            target.responses(0, 0).forEach(Pdu::release);
            target.reconnect();
            target.loginNormal(IQN);
            target.send(rw10(0x40, 1, 512, target.nextCmdSn(), 0x28, 0, 1).encode());
            Pdu read = target.response();
            assertThat(read.opcode()).isEqualTo(Opcode.SCSI_DATA_IN);
            assertThat(read.dataLength()).isEqualTo(512);
            read.release();
        }
        assertThat(ERRORS.list).as("unexpected failures").isEmpty();
        assertThat(reconnects).as("some mutations must have closed connections").isPositive();
    }

    private static PduBytes rw10(int flags, int itt, int edtl, int cmdSn, int op, int lba, int blocks) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) op;
        ByteBuffer.wrap(cdb).putInt(2, lba).putShort(7, (short) blocks);
        return PduBytes.of(Opcode.SCSI_COMMAND, 0x80 | flags).intAt(Bhs.INITIATOR_TASK_TAG, itt)
            .intAt(Bhs.EXPECTED_DATA_TRANSFER_LENGTH, edtl).intAt(Bhs.CMD_SN, cmdSn).bytesAt(Bhs.CDB, cdb);
    }

    private static byte[] template(SplittableRandom r, boolean loggedIn) {
        int itt = r.nextInt(16);
        int cmdSn = 1 + r.nextInt(24);
        byte[] data = new byte[r.nextInt(4) == 0 ? r.nextInt(2048) : 512 * r.nextInt(3)];
        r.nextBytes(data);
        if (!loggedIn) {
            return EmbeddedTarget.login(r.nextBoolean(), r.nextInt(2), 1 + 2 * r.nextInt(2),
                "InitiatorName=iqn.fuzz:" + r.nextInt(9), "TargetName=" + IQN, "AuthMethod=None,CHAP",
                "CHAP_A=5", "MaxBurstLength=" + r.nextInt(1 << 20)).encode();
        }
        switch (r.nextInt(10)) {
            case 0:
                return rw10(0x40, itt, 512 * r.nextInt(8), cmdSn, 0x28, r.nextInt(2100), r.nextInt(8)).encode();
            case 1:
                return rw10(0x20, itt, 512 * r.nextInt(8), cmdSn, 0x2a, r.nextInt(2100), r.nextInt(8))
                    .data(data.length % 512 == 0 ? data : new byte[0]).encode();
            case 2:
                return PduBytes.of(Opcode.SCSI_DATA_OUT, r.nextBoolean() ? 0x80 : 0).intAt(Bhs.INITIATOR_TASK_TAG, itt)
                    .intAt(Bhs.TARGET_TRANSFER_TAG, r.nextBoolean() ? -1 : r.nextInt(8))
                    .intAt(Bhs.DATA_SN, r.nextInt(3)).intAt(Bhs.BUFFER_OFFSET, 512 * r.nextInt(8)).data(data)
                    .encode();
            case 3:
                return PduBytes.of(Opcode.NOP_OUT, 0x80).immediate().intAt(Bhs.INITIATOR_TASK_TAG, itt)
                    .intAt(Bhs.TARGET_TRANSFER_TAG, -1).intAt(Bhs.CMD_SN, cmdSn).data(data).encode();
            case 4:
                return PduBytes.of(Opcode.TEXT_REQUEST, r.nextBoolean() ? 0x80 : 0xc0).intAt(Bhs.INITIATOR_TASK_TAG,
                    itt).intAt(Bhs.TARGET_TRANSFER_TAG, -1).intAt(Bhs.CMD_SN, cmdSn)
                    .data(EmbeddedTarget.text("SendTargets=All", "X-a=b")).encode();
            case 5:
                return PduBytes.of(Opcode.TASK_MANAGEMENT_REQUEST, 0x80 | r.nextInt(10)).immediate()
                    .intAt(Bhs.INITIATOR_TASK_TAG, itt).intAt(Bhs.REFERENCED_TASK_TAG, r.nextInt(16))
                    .longAt(Bhs.LUN, (long) r.nextInt(2) << 48).intAt(Bhs.CMD_SN, cmdSn).encode();
            case 6:
                return PduBytes.of(Opcode.LOGOUT_REQUEST, 0x80 | r.nextInt(3)).intAt(Bhs.INITIATOR_TASK_TAG, itt)
                    .intAt(Bhs.CMD_SN, cmdSn).encode();
            case 7:
                return PduBytes.of(Opcode.SNACK_REQUEST, 0x80).intAt(Bhs.INITIATOR_TASK_TAG, itt).encode();
            case 8:
                byte[] cdb = new byte[16];
                r.nextBytes(cdb);
                return PduBytes.of(Opcode.SCSI_COMMAND, 0x80 | (r.nextInt(4) << 5)).intAt(Bhs.INITIATOR_TASK_TAG, itt)
                    .intAt(Bhs.EXPECTED_DATA_TRANSFER_LENGTH, r.nextInt(4096)).intAt(Bhs.CMD_SN, cmdSn)
                    .bytesAt(Bhs.CDB, cdb).ahs(r.nextInt(4) == 0 ? new byte[] {0, 9, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8}
                        : new byte[0]).encode();
            default:
                byte[] any = new byte[48 + r.nextInt(64)];
                r.nextBytes(any);
                any[4] = (byte) r.nextInt(3);
                any[5] = 0;
                any[6] = (byte) r.nextInt(2);
                return any;
        }
    }

    private static byte[] mutate(byte[] pdu, SplittableRandom r) {
        if (r.nextInt(10) < 3) {
            return pdu;
        }
        byte[] out = pdu;
        int mutations = 1 + r.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            switch (r.nextInt(6)) {
                case 0:
                    out[r.nextInt(Math.min(out.length, 48))] = (byte) r.nextInt(256);
                    break;
                case 1:
                    out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
                    break;
                case 2:
                    if (out.length > 7) {
                        out[6] = (byte) r.nextInt(256);
                        out[7] = (byte) r.nextInt(256);
                    }
                    break;
                case 3:
                    out = Arrays.copyOf(out, Math.max(1, out.length - 1 - r.nextInt(Math.min(out.length, 60))));
                    break;
                case 4:
                    byte[] more = Arrays.copyOf(out, out.length + 1 + r.nextInt(80));
                    for (int k = out.length; k < more.length; k++) {
                        more[k] = (byte) r.nextInt(256);
                    }
                    out = more;
                    break;
                default:
                    if (out.length > 4) {
                        out[4] = (byte) r.nextInt(4);
                    }
            }
        }
        return out;
    }
}
