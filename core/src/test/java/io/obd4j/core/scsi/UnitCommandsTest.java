package io.obd4j.core.scsi;

import static io.obd4j.core.scsi.ScsiHarness.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TEST UNIT READY, REQUEST SENSE, REPORT LUNS, START STOP, PREVENT ALLOW and the dispatcher's own checks. */
class UnitCommandsTest {
    @TempDir
    Path dir;
    ScsiHarness lun;

    @BeforeEach
    void open() throws IOException {
        lun = ScsiHarness.create(dir, 512, 64, b -> b.reportedLuns(0, 3, 300));
    }

    @AfterEach
    void close() throws IOException {
        lun.close();
    }

    @Test
    void testUnitReadyIsGood() {
        ScsiHarness.Result r = lun.none(new byte[6]);
        assertThat(r.good()).isTrue();
        assertThat(r.rsp().senseLength()).isZero();
        assertThat(r.rsp().residualCount()).isZero();
        ScsiHarness.Result withBuffer = lun.in(new byte[6], 512);
        assertThat(withBuffer.good()).isTrue();
        assertThat(withBuffer.rsp().isUnderflow()).isTrue();
        assertThat(withBuffer.rsp().residualCount()).isEqualTo(512);
    }

    @Test
    void requestSenseReturnsNoSenseFixedFormat() {
        ScsiHarness.Result r = lun.in(new byte[] {0x03, 0, 0, 0, (byte) 252, 0}, 252);
        assertThat(r.data()).containsExactly(hex("70 00 00 00 00 00 00 0A 00 00 00 00 00 00 00 00 00 00"));
        assertThat(lun.in(new byte[] {0x03, 1, 0, 0, 18, 0}, 18).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB))
            .isTrue();
    }

    @Test
    void reportLunsListsPeripheralAndFlatAddresses() {
        byte[] cdb = {(byte) 0xA0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0};
        ScsiHarness.Result r = lun.in(cdb, 256);
        assertThat(r.data()).containsExactly(hex("00 00 00 18 00 00 00 00  00 00 00 00 00 00 00 00"
            + " 00 03 00 00 00 00 00 00  41 2C 00 00 00 00 00 00"));
        cdb[2] = 1;
        assertThat(lun.in(cdb, 256).data()).containsExactly(hex("00 00 00 00 00 00 00 00"));
        cdb[2] = 3;
        assertThat(lun.in(cdb, 256).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
        cdb[2] = 0;
        cdb[9] = 16;
        cdb[8] = 0;
        assertThat(lun.in(cdb, 256).data()).hasSize(16);
    }

    @Test
    void startStopAcceptsStartAndStopButNotPowerConditionsOrEject() {
        assertThat(lun.none(new byte[] {0x1B, 0, 0, 0, 0x01, 0}).good()).isTrue();
        assertThat(lun.none(new byte[] {0x1B, 1, 0, 0, 0x00, 0}).good()).isTrue();
        assertThat(lun.none(new byte[] {0x1B, 0, 0, 0, 0x11, 0}).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB))
            .isTrue();
        assertThat(lun.none(new byte[] {0x1B, 0, 0, 0, 0x02, 0}).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB))
            .isTrue();
    }

    @Test
    void preventAllowAcceptsZeroAndOne() {
        assertThat(lun.none(new byte[] {0x1E, 0, 0, 0, 1, 0}).good()).isTrue();
        assertThat(lun.none(new byte[] {0x1E, 0, 0, 0, 0, 0}).good()).isTrue();
        assertThat(lun.none(new byte[] {0x1E, 0, 0, 0, 2, 0}).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB))
            .isTrue();
    }

    @Test
    void unknownAndVendorOpcodesAreInvalidOperationCode() {
        for (int op : new int[] {0x01, 0x04, 0x4D, 0x7F, 0x83, 0xA3, 0xC0, 0xE5, 0xFF}) {
            byte[] cdb = new byte[16];
            cdb[0] = (byte) op;
            ScsiHarness.Result r = lun.none(cdb);
            assertThat(r.rsp().status()).isEqualTo(ScsiStatus.CHECK_CONDITION);
            assertThat(r.sense()).as(ScsiOpcode.name(op)).isEqualTo(Sense.INVALID_OPCODE);
        }
        assertThat(lun.device.execute(ByteBuffer.allocate(0), null, null).sense()).isEqualTo(Sense.INVALID_OPCODE);
    }

    @Test
    void nacaAndTruncatedCdbsAreInvalidField() {
        assertThat(lun.none(new byte[] {0, 0, 0, 0, 0, 0x04}).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB))
            .isTrue();
        assertThat(lun.none(new byte[] {0x28, 0, 0, 0, 0}).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB))
            .isTrue();
    }

    @Test
    void directionsAndDataOutLengthsForTheFrontEnds() {
        ScsiDevice d = lun.device;
        assertThat(d.dataDirection(Cdb.of(ScsiHarness.cdb10(0x28, 0, 0, 8)))).isEqualTo(DataDirection.IN);
        assertThat(d.dataDirection(Cdb.of(ScsiHarness.cdb10(0x2A, 0, 0, 8)))).isEqualTo(DataDirection.OUT);
        assertThat(d.expectedDataOutLength(Cdb.of(ScsiHarness.cdb10(0x2A, 0, 0, 8)))).isEqualTo(4096);
        assertThat(d.expectedDataOutLength(Cdb.of(ScsiHarness.cdb6(0x0A, 0, 0)))).isEqualTo(256 * 512);
        assertThat(d.dataDirection(Cdb.of(ScsiHarness.cdb10(0x2F, 0, 0, 8)))).isEqualTo(DataDirection.NONE);
        assertThat(d.expectedDataOutLength(Cdb.of(ScsiHarness.cdb10(0x2F, 0x02, 0, 8)))).isEqualTo(4096);
        assertThat(d.expectedDataOutLength(Cdb.of(ScsiHarness.cdb10(0x41, 0, 0, 8)))).isEqualTo(512);
        assertThat(d.expectedDataOutLength(Cdb.of(ScsiHarness.cdb10(0x42, 0, 0, 24)))).isEqualTo(24);
        assertThat(d.dataDirection(Cdb.of(new byte[6]))).isEqualTo(DataDirection.NONE);
        assertThat(d.dataDirection(Cdb.of((byte) 0xC0))).isEqualTo(DataDirection.NONE);
        assertThat(d.dataDirection(Cdb.of(ScsiHarness.inquiry(false, 0, 36)))).isEqualTo(DataDirection.IN);
        assertThat(d.blockCount()).isEqualTo(64);
        assertThat(d.blockSize()).isEqualTo(512);
    }

    @Test
    void reusedResponseAndCdbFlyweight() {
        Cdb cdb = new Cdb();
        ScsiResponse rsp = new ScsiResponse();
        ByteBuffer in = ByteBuffer.allocate(64);
        lun.device.execute(cdb.wrap(ByteBuffer.wrap(new byte[] {0x12, 1, (byte) 0x99, 0, 64, 0})), null, in, rsp);
        assertThat(rsp.sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
        lun.device.execute(cdb.wrap(ByteBuffer.wrap(ScsiHarness.inquiry(false, 0, 64))), null, in, rsp);
        assertThat(rsp.isGood()).isTrue();
        assertThat(rsp.sense()).isNull();
        assertThat(rsp.dataInLength()).isEqualTo(36);
        assertThat(in.position()).isZero();
    }
}
