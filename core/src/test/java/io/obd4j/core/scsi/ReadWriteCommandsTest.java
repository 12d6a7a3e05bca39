package io.obd4j.core.scsi;

import static io.obd4j.core.scsi.ScsiHarness.cdb10;
import static io.obd4j.core.scsi.ScsiHarness.cdb12;
import static io.obd4j.core.scsi.ScsiHarness.cdb16;
import static io.obd4j.core.scsi.ScsiHarness.cdb6;
import static io.obd4j.core.scsi.ScsiHarness.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** READ/WRITE 6/10/12/16 round trips and edge cases over a real raw file, with 512- and 4096-byte blocks. */
class ReadWriteCommandsTest extends LunTest {
    static final long BLOCKS = 1024;

    ReadWriteCommandsTest() {
        super(BLOCKS);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void everyCdbSizeRoundTrips(int blockSize) throws IOException {
        open(blockSize);
        byte[] a = pattern(3 * bs, 1);
        assertThat(lun.out(cdb6(0x0A, 5, 3), a).good()).isTrue();
        assertThat(lun.in(cdb10(0x28, 0, 5, 3), 3 * bs).data()).containsExactly(a);
        byte[] b = pattern(2 * bs, 2);
        assertThat(lun.out(cdb10(0x2A, 0, 100, 2), b).good()).isTrue();
        assertThat(lun.in(cdb12(0xA8, 0, 100, 2), 2 * bs).data()).containsExactly(b);
        byte[] c = pattern(4 * bs, 3);
        assertThat(lun.out(cdb12(0xAA, 0, 200, 4), c).good()).isTrue();
        assertThat(lun.in(cdb16(0x88, 0, 200, 4), 4 * bs).data()).containsExactly(c);
        byte[] d = pattern(bs, 4);
        assertThat(lun.out(cdb16(0x8A, 0, BLOCKS - 1, 1), d).good()).isTrue();
        assertThat(lun.in(cdb6(0x08, (int) BLOCKS - 1, 1), bs).data()).containsExactly(d);
        // the bytes really are in the file at lba * block size
        ByteBuffer raw = ByteBuffer.allocate(bs);
        lun.raw.read(raw, (BLOCKS - 1) * bs);
        assertThat(raw.array()).containsExactly(d);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void sixByteTransferLengthZeroMeans256Blocks(int blockSize) throws IOException {
        open(blockSize);
        byte[] data = pattern(256 * bs, 5);
        ScsiHarness.Result w = lun.out(cdb6(0x0A, 10, 0), data);
        assertThat(w.good()).isTrue();
        ScsiHarness.Result r = lun.in(cdb6(0x08, 10, 0), 256 * bs);
        assertThat(r.data()).containsExactly(data);
        assertThat(r.rsp().residualCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void zeroLengthTransfersNothingButChecksTheLba(int blockSize) throws IOException {
        open(blockSize);
        assertThat(lun.in(cdb10(0x28, 0, 0, 0), 0).good()).isTrue();
        assertThat(lun.in(cdb10(0x28, 0, BLOCKS, 0), 0).good()).isTrue();
        assertThat(lun.in(cdb10(0x28, 0, BLOCKS + 1, 0), 0).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.in(cdb10(0x28, 0, 0xFFFF_FFFFL, 0), 0).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.out(cdb16(0x8A, 0, BLOCKS, 0), new byte[0]).good()).isTrue();
        assertThat(lun.out(cdb16(0x8A, 0, -1L, 0), new byte[0]).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void rangesCrossingTheEndAreRejectedAndNothingIsWritten(int blockSize) throws IOException {
        open(blockSize);
        assertThat(lun.in(cdb10(0x28, 0, BLOCKS - 1, 2), 2 * bs).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.in(cdb16(0x88, 0, BLOCKS, 1), bs).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.in(cdb16(0x88, 0, Long.MAX_VALUE, 0xFFFF_FFFFL), bs).sense())
            .isEqualTo(Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.in(cdb12(0xA8, 0, 0, 0xFFFF_FFFFL), bs).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.in(cdb6(0x08, 0x1FFFFF, 1), bs).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
        byte[] data = pattern(2 * bs, 6);
        assertThat(lun.out(cdb10(0x2A, 0, BLOCKS - 1, 2), data).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.in(cdb10(0x28, 0, BLOCKS - 1, 1), bs).data()).containsOnly(0);
        assertThat(lun.raw.size()).isEqualTo(BLOCKS * bs);
    }

    @org.junit.jupiter.api.Test
    void hugeInRangeTransferIsCutToTheExpectedLengthWithASaturatedResidual() throws IOException {
        bs = 512;
        long blocks = 1L << 33;
        lun = ScsiHarness.create(dir, 512, blocks);
        byte[] tail = pattern(2 * bs, 15);
        assertThat(lun.out(cdb16(0x8A, 0, blocks - 2, 2), tail).good()).isTrue();
        ScsiHarness.Result r = lun.in(cdb16(0x88, 0, blocks - 0xFFFF_FFFFL, 0xFFFF_FFFFL), 4096);
        assertThat(r.good()).isTrue();
        assertThat(r.data()).hasSize(4096).containsOnly(0);
        assertThat(r.rsp().isOverflow()).isTrue();
        assertThat(r.rsp().residualCount()).isEqualTo(0xFFFF_FFFFL);
        assertThat(lun.in(cdb16(0x88, 0, blocks - 2, 2), 2 * bs).data()).containsExactly(tail);
        assertThat(lun.in(cdb16(0x88, 0, blocks - 1, 2), 2 * bs).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void protectionFieldsAreInvalidWithoutProtectionInformation(int blockSize) throws IOException {
        open(blockSize);
        for (int protect = 1; protect < 8; protect++) {
            ScsiHarness.Result r = lun.in(cdb10(0x28, protect << 5, 0, 1), bs);
            assertThat(r.sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
            assertThat(lun.out(cdb16(0x8A, protect << 5, 0, 1), new byte[bs]).sense()
                .sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
        }
        // MODE SENSE reports DPOFUA=0, so DPO and FUA are refused too (libiscsi *DpoFua tests)
        for (int bits : new int[] {0x08, 0x10, 0x18}) {
            assertThat(lun.in(cdb12(0xA8, bits, 0, 1), bs).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
            assertThat(lun.out(cdb10(0x2A, bits, 0, 1), new byte[bs]).sense().sameCondition(
                Sense.INVALID_FIELD_IN_CDB)).isTrue();
        }
        assertThat(lun.none(cdb10(0x2F, 0x10, 0, 1)).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void readResidualsFollowTheExpectedLength(int blockSize) throws IOException {
        open(blockSize);
        byte[] data = pattern(bs, 7);
        lun.out(cdb10(0x2A, 0, 0, 1), data);
        // libiscsi test_read10_residuals: EDTL 0, 10000 and 200 for one block
        ScsiHarness.Result none = lun.in(cdb10(0x28, 0, 0, 1), 0);
        assertThat(none.good()).isTrue();
        assertThat(none.rsp().isOverflow()).isTrue();
        assertThat(none.rsp().residualCount()).isEqualTo(bs);
        ScsiHarness.Result more = lun.in(cdb10(0x28, 0, 0, 1), 10000);
        assertThat(more.data()).containsExactly(data);
        assertThat(more.rsp().isUnderflow()).isTrue();
        assertThat(more.rsp().residualCount()).isEqualTo(10000 - bs);
        ScsiHarness.Result part = lun.in(cdb10(0x28, 0, 0, 1), 200);
        assertThat(part.data()).containsExactly(Arrays.copyOf(data, 200));
        assertThat(part.rsp().isOverflow()).isTrue();
        assertThat(part.rsp().residualCount()).isEqualTo(bs - 200);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void shortDataOutWritesTheWholeBlocksThatArrivedAndReportsOverflow(int blockSize) throws IOException {
        open(blockSize);
        byte[] a = pattern(2 * bs, 8);
        lun.out(cdb10(0x2A, 0, 0, 2), a);
        // libiscsi 1.19 test_write10_residuals: EDTL one block for a two-block WRITE is GOOD, first block written
        ScsiHarness.Result r = lun.out(cdb10(0x2A, 0, 0, 2), pattern(bs, 9));
        assertThat(r.good()).isTrue();
        assertThat(r.rsp().isOverflow()).isTrue();
        assertThat(r.rsp().residualCount()).isEqualTo(bs);
        byte[] expected = a.clone();
        System.arraycopy(pattern(bs, 9), 0, expected, 0, bs);
        assertThat(lun.in(cdb10(0x28, 0, 0, 2), 2 * bs).data()).containsExactly(expected);
        ScsiHarness.Result none = lun.out(cdb10(0x2A, 0, 0, 1), new byte[0]);
        assertThat(none.good()).isTrue();
        assertThat(none.rsp().isOverflow()).isTrue();
        assertThat(none.rsp().residualCount()).isEqualTo(bs);
        // a data-out ending inside a block writes nothing
        ScsiHarness.Result partial = lun.out(cdb10(0x2A, 0, 0, 2), pattern(bs + 200, 13));
        assertThat(partial.sense()).isEqualTo(Sense.INVALID_FIELD_IN_INFORMATION_UNIT);
        assertThat(partial.rsp().isOverflow()).isTrue();
        assertThat(partial.rsp().residualCount()).isEqualTo(bs - 200);
        assertThat(lun.in(cdb10(0x28, 0, 0, 2), 2 * bs).data()).containsExactly(expected);
        ScsiHarness.Result longer = lun.out(cdb10(0x2A, 0, 0, 1), pattern(10000, 10));
        assertThat(longer.good()).isTrue();
        assertThat(longer.rsp().isUnderflow()).isTrue();
        assertThat(longer.rsp().residualCount()).isEqualTo(10000 - bs);
        assertThat(lun.in(cdb10(0x28, 0, 0, 1), bs).data()).containsExactly(pattern(bs, 10));
        assertThat(lun.in(cdb10(0x28, 0, 1, 1), bs).data()).containsExactly(Arrays.copyOfRange(a, bs, 2 * bs));
        ScsiHarness.Result tiny = lun.out(cdb10(0x2A, 0, 5, 1), pattern(200, 14));
        assertThat(tiny.sense()).isEqualTo(Sense.INVALID_FIELD_IN_INFORMATION_UNIT);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void writeAndVerifyWritesAndRejectsReservedBytchk(int blockSize) throws IOException {
        open(blockSize);
        byte[] data = pattern(2 * bs, 11);
        assertThat(lun.out(cdb10(0x2E, 0x02, 7, 2), data).good()).isTrue();
        assertThat(lun.in(cdb10(0x28, 0, 7, 2), 2 * bs).data()).containsExactly(data);
        assertThat(lun.out(cdb16(0x8E, 0x00, 9, 1), pattern(bs, 12)).good()).isTrue();
        assertThat(lun.out(cdb12(0xAE, 0x04, 9, 1), pattern(bs, 12)).sense().sameCondition(
            Sense.INVALID_FIELD_IN_CDB)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void readOnlyDeviceRefusesWritesWithDataProtect(int blockSize) throws IOException {
        bs = blockSize;
        lun = ScsiHarness.readOnly(dir, blockSize, BLOCKS);
        assertThat(lun.device.isReadOnly()).isTrue();
        for (byte[] cdb : new byte[][] {cdb6(0x0A, 0, 1), cdb10(0x2A, 0, 0, 1), cdb12(0xAA, 0, 0, 1),
            cdb16(0x8A, 0, 0, 1), cdb10(0x2E, 0, 0, 1), cdb10(0x41, 0x08, 0, 1), cdb16(0x93, 0, 0, 1)}) {
            assertThat(lun.out(cdb, new byte[bs]).sense()).as(Cdb.of(cdb).toString()).isEqualTo(Sense.WRITE_PROTECTED);
        }
        byte[] unmap = new byte[24];
        unmap[1] = 22;
        unmap[3] = 16;
        unmap[19] = 1;
        assertThat(lun.out(cdb10(0x42, 0, 0, 24), unmap).sense()).isEqualTo(Sense.WRITE_PROTECTED);
        assertThat(lun.in(cdb10(0x28, 0, 0, 1), bs).good()).isTrue();
        assertThat(lun.none(cdb10(0x35, 0, 0, 0)).good()).isTrue();
    }
}
