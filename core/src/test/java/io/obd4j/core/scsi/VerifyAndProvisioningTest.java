package io.obd4j.core.scsi;

import static io.obd4j.core.scsi.ScsiHarness.cdb10;
import static io.obd4j.core.scsi.ScsiHarness.cdb12;
import static io.obd4j.core.scsi.ScsiHarness.cdb16;
import static io.obd4j.core.scsi.ScsiHarness.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** VERIFY, COMPARE AND WRITE, WRITE SAME, UNMAP, SYNCHRONIZE CACHE, PRE-FETCH over a real raw file. */
class VerifyAndProvisioningTest extends LunTest {
    static final long BLOCKS = 512;

    VerifyAndProvisioningTest() {
        super(BLOCKS);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void verifyWithoutBytchkOnlyChecksTheRange(int blockSize) throws IOException {
        open(blockSize);
        assertThat(lun.none(cdb10(0x2F, 0, 0, 16)).good()).isTrue();
        assertThat(lun.none(cdb12(0xAF, 0, BLOCKS - 1, 1)).good()).isTrue();
        assertThat(lun.none(cdb16(0x8F, 0, BLOCKS, 0)).good()).isTrue();
        assertThat(lun.none(cdb16(0x8F, 0, BLOCKS - 1, 2)).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.none(cdb10(0x2F, 0x20, 0, 1)).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
        assertThat(lun.none(cdb10(0x2F, 0x04, 0, 1)).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void verifyWithBytchkComparesAndReportsTheFirstDifferentByte(int blockSize) throws IOException {
        open(blockSize);
        byte[] data = pattern(3 * bs, 1);
        lun.out(cdb10(0x2A, 0, 40, 3), data);
        assertThat(lun.out(cdb10(0x2F, 0x02, 40, 3), data).good()).isTrue();
        byte[] other = data.clone();
        other[2 * bs + 17] ^= 1;
        ScsiHarness.Result r = lun.out(cdb16(0x8F, 0x02, 40, 3), other);
        assertThat(r.sense()).isEqualTo(Sense.MISCOMPARE_DURING_VERIFY.withInformation(2L * bs + 17));
        assertThat(lun.out(cdb10(0x2F, 0x02, 40, 3), Arrays.copyOf(data, bs)).sense())
            .isEqualTo(Sense.INVALID_FIELD_IN_INFORMATION_UNIT);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void verifyBytchk3ComparesOneBlockWithEveryBlock(int blockSize) throws IOException {
        open(blockSize);
        byte[] block = pattern(bs, 2);
        byte[] four = new byte[4 * bs];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(block, 0, four, i * bs, bs);
        }
        lun.out(cdb10(0x2A, 0, 8, 4), four);
        assertThat(lun.out(cdb10(0x2F, 0x06, 8, 4), block).good()).isTrue();
        assertThat(lun.out(cdb10(0x2F, 0x06, 8, 5), block).sense().sameCondition(Sense.MISCOMPARE_DURING_VERIFY))
            .isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void compareAndWriteWritesOnlyWhenTheOldDataMatches(int blockSize) throws IOException {
        open(blockSize);
        byte[] old = pattern(bs, 3);
        byte[] fresh = pattern(bs, 4);
        lun.out(cdb10(0x2A, 0, 9, 1), old);
        byte[] caw = cdb16(0x89, 0, 9, 0);
        caw[13] = 1;
        ScsiHarness.Result ok = lun.out(caw, concat(old, fresh));
        assertThat(ok.good()).isTrue();
        assertThat(lun.in(cdb10(0x28, 0, 9, 1), bs).data()).containsExactly(fresh);
        ScsiHarness.Result miss = lun.out(caw, concat(old, pattern(bs, 5)));
        assertThat(miss.sense().sameCondition(Sense.MISCOMPARE_DURING_VERIFY)).isTrue();
        assertThat(miss.sense().information()).isGreaterThanOrEqualTo(0).isLessThan(bs);
        assertThat(lun.in(cdb10(0x28, 0, 9, 1), bs).data()).containsExactly(fresh);
        caw[13] = 2;
        assertThat(lun.out(caw, new byte[4 * bs]).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
        caw[13] = 1;
        assertThat(lun.out(caw, fresh).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
        // libiscsi's 256-block case: NUMBER OF LOGICAL BLOCKS wraps to 0 but data-out is sent
        caw[13] = 0;
        assertThat(lun.out(caw, new byte[2 * bs]).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
        assertThat(lun.out(caw, new byte[0]).good()).isTrue();
        caw[13] = 1;
        caw[1] = 0x08;
        assertThat(lun.out(caw, concat(fresh, old)).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void writeSameRepeatsTheBlockAcrossChunks(int blockSize) throws IOException {
        open(blockSize);
        byte[] block = pattern(bs, 6);
        int blocks = 300;
        assertThat(lun.out(cdb16(0x93, 0, 100, blocks), block).good()).isTrue();
        byte[] back = lun.in(cdb10(0x28, 0, 100, blocks), blocks * bs).data();
        for (int i = 0; i < blocks; i++) {
            assertThat(Arrays.copyOfRange(back, i * bs, (i + 1) * bs)).as("block %d", i).containsExactly(block);
        }
        assertThat(lun.in(cdb10(0x28, 0, 99, 1), bs).data()).containsOnly(0);
        assertThat(lun.in(cdb10(0x28, 0, 100 + blocks, 1), bs).data()).containsOnly(0);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void writeSameWithUnmapDiscardsAndReadsBackZeros(int blockSize) throws IOException {
        open(blockSize);
        lun.out(cdb10(0x2A, 0, 0, 8), pattern(8 * bs, 7));
        assertThat(lun.out(cdb10(0x41, 0x08, 2, 4), new byte[bs]).good()).isTrue();
        byte[] back = lun.in(cdb10(0x28, 0, 0, 8), 8 * bs).data();
        assertThat(Arrays.copyOfRange(back, 2 * bs, 6 * bs)).containsOnly(0);
        assertThat(Arrays.copyOfRange(back, 0, 2 * bs)).containsExactly(Arrays.copyOf(pattern(8 * bs, 7), 2 * bs));
        // NDOB: no data-out, zeros
        lun.out(cdb10(0x2A, 0, 0, 8), pattern(8 * bs, 7));
        assertThat(lun.out(cdb16(0x93, 0x09, 0, 8), new byte[0]).good()).isTrue();
        assertThat(lun.in(cdb10(0x28, 0, 0, 8), 8 * bs).data()).containsOnly(0);
        // UNMAP with a non-zero pattern must still leave the pattern readable
        byte[] block = pattern(bs, 8);
        assertThat(lun.out(cdb16(0x93, 0x08, 0, 2), block).good()).isTrue();
        assertThat(lun.in(cdb10(0x28, 0, 1, 1), bs).data()).containsExactly(block);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void writeSameOfZeroBlocksWritesToTheEndOfTheUnit(int blockSize) throws IOException {
        open(blockSize);
        byte[] block = pattern(bs, 3);
        assertThat(lun.out(cdb10(0x41, 0, BLOCKS - 3, 0), block).good()).isTrue();
        for (long lba = BLOCKS - 3; lba < BLOCKS; lba++) {
            assertThat(lun.in(cdb10(0x28, 0, lba, 1), bs).data()).containsExactly(block);
        }
        assertThat(lun.in(cdb10(0x28, 0, BLOCKS - 4, 1), bs).data()).containsOnly(0);
        assertThat(lun.out(cdb16(0x93, 0x08, BLOCKS - 2, 0), new byte[bs]).good()).as("UNMAP to the end").isTrue();
        assertThat(lun.in(cdb10(0x28, 0, BLOCKS - 2, 2), 2 * bs).data()).containsOnly(0);
        assertThat(lun.out(cdb10(0x41, 0, BLOCKS, 0), block).good()).as("0 blocks at the end").isTrue();
        assertThat(lun.out(cdb10(0x41, 0, BLOCKS + 1, 0), block).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.out(cdb10(0x41, 0, 0xFFFF_FFFFL, 0), block).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
    }

    @Test
    void writeSameNonZeroRefusesZeroBlocksAsOverlaybd() throws IOException {
        bs = 512;
        lun = ScsiHarness.create(dir, bs, BLOCKS, b -> b.writeSameNonZero(true));
        assertThat(lun.out(cdb10(0x41, 0, 0, 0), new byte[bs]).sense())
            .isEqualTo(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(7, -1));
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void writeSameEdgeCases(int blockSize) throws IOException {
        open(blockSize);
        assertThat(lun.out(cdb10(0x41, 0, BLOCKS - 1, 2), new byte[bs]).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.out(cdb10(0x41, 0, 0, 1), new byte[bs / 2]).sense())
            .isEqualTo(Sense.INVALID_FIELD_IN_INFORMATION_UNIT);
        assertThat(lun.out(cdb10(0x41, 0, 0, 1), new byte[2 * bs]).sense())
            .isEqualTo(Sense.INVALID_FIELD_IN_INFORMATION_UNIT);
        assertThat(lun.out(cdb10(0x41, 0x10, 0, 1), new byte[bs]).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB))
            .as("ANCHOR").isTrue();
        assertThat(lun.out(cdb16(0x93, 0, BLOCKS - 1, 1), pattern(bs, 1)).good()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void unmapDiscardsEveryDescriptor(int blockSize) throws IOException {
        open(blockSize);
        lun.out(cdb10(0x2A, 0, 0, 16), pattern(16 * bs, 9));
        byte[] list = unmapList(new long[] {1, 2}, new long[] {10, 3}, new long[] {BLOCKS, 0});
        assertThat(lun.out(cdb10(0x42, 0, 0, list.length), list).good()).isTrue();
        byte[] back = lun.in(cdb10(0x28, 0, 0, 16), 16 * bs).data();
        byte[] expected = pattern(16 * bs, 9);
        Arrays.fill(expected, bs, 3 * bs, (byte) 0);
        Arrays.fill(expected, 10 * bs, 13 * bs, (byte) 0);
        assertThat(back).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void unmapRejectsBadListsBeforeDiscardingAnything(int blockSize) throws IOException {
        open(blockSize);
        lun.out(cdb10(0x2A, 0, 0, 4), pattern(4 * bs, 10));
        byte[] outOfRange = unmapList(new long[] {0, 1}, new long[] {BLOCKS - 1, 2});
        assertThat(lun.out(cdb10(0x42, 0, 0, outOfRange.length), outOfRange).sense()).isEqualTo(
            Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.in(cdb10(0x28, 0, 0, 1), bs).data()).containsExactly(Arrays.copyOf(pattern(4 * bs, 10), bs));
        byte[] five = unmapList(new long[] {0, 1}, new long[] {1, 1}, new long[] {2, 1}, new long[] {3, 1},
            new long[] {4, 1});
        assertThat(lun.out(cdb10(0x42, 0, 0, five.length), five).sense()).isEqualTo(
            Sense.INVALID_FIELD_IN_PARAMETER_LIST);
        assertThat(lun.out(cdb10(0x42, 0, 0, 4), new byte[4]).sense()).isEqualTo(Sense.PARAMETER_LIST_LENGTH_ERROR);
        assertThat(lun.out(cdb10(0x42, 0, 0, 0), new byte[0]).good()).isTrue();
        assertThat(lun.out(cdb10(0x42, 0x01, 0, 24), unmapList(new long[] {0, 1})).sense()
            .sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void synchronizeCacheAndPrefetchCheckTheRange(int blockSize) throws IOException {
        open(blockSize);
        assertThat(lun.none(cdb10(0x35, 0, 0, 0)).good()).isTrue();
        assertThat(lun.none(cdb16(0x91, 0x02, BLOCKS - 1, 1)).good()).isTrue();
        assertThat(lun.none(cdb16(0x91, 0, BLOCKS, 1)).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
        assertThat(lun.none(cdb10(0x34, 0, 0, 256)).good()).isTrue();
        assertThat(lun.none(cdb16(0x90, 0, BLOCKS - 1, 2)).sense()).isEqualTo(Sense.LBA_OUT_OF_RANGE);
    }

    static byte[] unmapList(long[]... descriptors) {
        ByteBuffer b = ByteBuffer.allocate(8 + 16 * descriptors.length);
        b.putShort((short) (b.capacity() - 2)).putShort((short) (16 * descriptors.length)).putInt(0);
        for (long[] d : descriptors) {
            b.putLong(d[0]).putInt((int) d[1]).putInt(0);
        }
        return b.array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
