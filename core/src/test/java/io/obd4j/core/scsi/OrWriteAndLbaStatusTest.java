package io.obd4j.core.scsi;

import static io.obd4j.core.scsi.ScsiHarness.cdb10;
import static io.obd4j.core.scsi.ScsiHarness.cdb16;
import static io.obd4j.core.scsi.ScsiHarness.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ORWRITE(16) and GET LBA STATUS. */
class OrWriteAndLbaStatusTest extends LunTest {
    static final long BLOCKS = 300;

    OrWriteAndLbaStatusTest() {
        super(BLOCKS);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void orWriteMergesWithTheOldBlocks(int bs) throws IOException {
        lun = ScsiHarness.create(dir, bs, BLOCKS);
        byte[] a5 = new byte[3 * bs];
        Arrays.fill(a5, (byte) 0xA5);
        byte[] x5a = new byte[3 * bs];
        Arrays.fill(x5a, (byte) 0x5A);
        assertThat(lun.out(cdb16(0x8B, 0, BLOCKS - 3, 3), a5).good()).isTrue();
        assertThat(lun.in(cdb10(0x28, 0, BLOCKS - 3, 3), 3 * bs).data()).containsOnly((byte) 0xA5);
        assertThat(lun.out(cdb16(0x8B, 0, BLOCKS - 3, 3), x5a).good()).isTrue();
        assertThat(lun.in(cdb10(0x28, 0, BLOCKS - 3, 3), 3 * bs).data()).containsOnly((byte) 0xFF);
        assertThat(lun.in(cdb10(0x28, 0, BLOCKS - 4, 1), bs).data()).containsOnly(0);
    }

    @Test
    void orWriteChecksRangeProtectionDpoFuaAndZeroBlocks() throws IOException {
        lun = ScsiHarness.create(dir, 512, BLOCKS);
        assertThat(lun.out(cdb16(0x8B, 0, 0, 0), new byte[0]).good()).isTrue();
        assertThat(lun.out(cdb16(0x8B, 0, BLOCKS + 1, 0), new byte[0]).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.out(cdb16(0x8B, 0, -1, 1), new byte[512]).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.out(cdb16(0x8B, 0, BLOCKS - 1, 2), new byte[1024]).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.out(cdb16(0x8B, 0x20, 0, 1), new byte[512]).sense())
            .isEqualTo(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 7));
        assertThat(lun.out(cdb16(0x8B, 0x10, 0, 1), new byte[512]).sense())
            .isEqualTo(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 4));
        assertThat(lun.out(cdb16(0x8B, 0x08, 0, 1), new byte[512]).sense())
            .isEqualTo(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 3));
    }

    @Test
    void orWriteToReadOnlyUnitIsWriteProtected() throws IOException {
        lun = ScsiHarness.readOnly(dir, 512, BLOCKS);
        assertThat(lun.out(cdb16(0x8B, 0, 0, 1), new byte[512]).sense()).isEqualTo(Sense.WRITE_PROTECTED);
    }

    private static byte[] getLbaStatus(long lba, int allocation) {
        byte[] c = cdb16(0x9E, 0x12, lba, allocation);
        return c;
    }

    @Test
    void getLbaStatusReportsOneMappedDescriptorToTheEnd() throws IOException {
        lun = ScsiHarness.create(dir, 512, BLOCKS);
        assertThat(lun.in(getLbaStatus(10, 24), 24).data()).containsExactly(
            hex("00000014 00000000 000000000000000A 00000122 00 000000"));
        assertThat(lun.in(getLbaStatus(BLOCKS - 1, 24), 24).data()).containsExactly(
            hex("00000014 00000000 000000000000012B 00000001 00 000000"));
        assertThat(lun.in(getLbaStatus(0, 8), 8).data()).containsExactly(hex("00000014 00000000"));
    }

    @Test
    void getLbaStatusBeyondTheEndIsLbaOutOfRange() throws IOException {
        lun = ScsiHarness.create(dir, 512, BLOCKS);
        assertThat(lun.in(getLbaStatus(BLOCKS, 24), 24).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.in(getLbaStatus(Long.MIN_VALUE, 24), 24).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.in(getLbaStatus(-1, 24), 24).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
    }
}
