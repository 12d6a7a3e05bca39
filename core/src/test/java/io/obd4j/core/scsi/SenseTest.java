package io.obd4j.core.scsi;

import static io.obd4j.core.scsi.ScsiHarness.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Fixed-format sense (spec tcmu-and-snapshotter.md §4.3: 0x70, key, [7]=0x0A, ASC, ASCQ). */
class SenseTest {

    @Test
    void fixedFormatBytesOfTheCommonConditions() {
        assertThat(Sense.INVALID_OPCODE.toFixedBytes())
            .containsExactly(hex("70 00 05 00 00 00 00 0A 00 00 00 00 20 00 00 00 00 00"));
        assertThat(Sense.INVALID_FIELD_IN_CDB.toFixedBytes())
            .containsExactly(hex("70 00 05 00 00 00 00 0A 00 00 00 00 24 00 00 00 00 00"));
        assertThat(Sense.LBA_OUT_OF_RANGE.toFixedBytes())
            .containsExactly(hex("70 00 05 00 00 00 00 0A 00 00 00 00 21 00 00 00 00 00"));
        assertThat(Sense.WRITE_PROTECTED.toFixedBytes())
            .containsExactly(hex("70 00 07 00 00 00 00 0A 00 00 00 00 27 00 00 00 00 00"));
        assertThat(Sense.UNRECOVERED_READ_ERROR.toFixedBytes())
            .containsExactly(hex("70 00 03 00 00 00 00 0A 00 00 00 00 11 00 00 00 00 00"));
        assertThat(Sense.WRITE_ERROR.toFixedBytes())
            .containsExactly(hex("70 00 03 00 00 00 00 0A 00 00 00 00 0C 00 00 00 00 00"));
        assertThat(Sense.INCOMPATIBLE_MEDIUM.toFixedBytes())
            .containsExactly(hex("70 00 05 00 00 00 00 0A 00 00 00 00 30 05 00 00 00 00"));
        assertThat(Sense.NO_SENSE.toFixedBytes())
            .containsExactly(hex("70 00 00 00 00 00 00 0A 00 00 00 00 00 00 00 00 00 00"));
    }

    @Test
    void informationSetsValidAndIsBigEndianWhateverTheBufferOrder() {
        ByteBuffer dst = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        dst.position(1);
        assertThat(Sense.MISCOMPARE_DURING_VERIFY.withInformation(0x01020304L).writeFixed(dst)).isEqualTo(18);
        assertThat(dst.position()).isEqualTo(1);
        byte[] b = new byte[18];
        dst.get(1, b);
        assertThat(b).containsExactly(hex("F0 00 0E 01 02 03 04 0A 00 00 00 00 1D 00 00 00 00 00"));
        assertThat(Sense.parseFixed(ByteBuffer.wrap(b))).isEqualTo(Sense.MISCOMPARE_DURING_VERIFY.withInformation(
            0x01020304L));
    }

    @Test
    void fieldPointerMarksTheCdbByteAndBit() {
        assertThat(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(2, -1).toFixedBytes())
            .containsExactly(hex("70 00 05 00 00 00 00 0A 00 00 00 00 24 00 00 C0 00 02"));
        assertThat(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 7).toFixedBytes())
            .containsExactly(hex("70 00 05 00 00 00 00 0A 00 00 00 00 24 00 00 CF 00 01"));
    }

    @Test
    void rejectsBadValuesAndShortBuffers() {
        assertThatThrownBy(() -> new Sense(0x10, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sense.NO_SENSE.withInformation(1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sense.NO_SENSE.writeFixed(ByteBuffer.allocate(17)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sense.parseFixed(ByteBuffer.wrap(hex("72 00 05 00 00 00 00 0A 00 00 00 00 24 00"))))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void responseWritesSenseOnlyForCheckCondition() {
        ScsiResponse rsp = new ScsiResponse();
        assertThat(rsp.senseLength()).isZero();
        assertThat(rsp.writeSense(ByteBuffer.allocate(18))).isZero();
        rsp.checkCondition(Sense.LBA_OUT_OF_RANGE);
        assertThat(rsp.senseLength()).isEqualTo(18);
        ByteBuffer b = ByteBuffer.allocate(18);
        assertThat(rsp.writeSense(b)).isEqualTo(18);
        assertThat(b.array()).containsExactly(Sense.LBA_OUT_OF_RANGE.toFixedBytes());
        assertThat(rsp.status().code()).isEqualTo(2);
    }
}
