package io.obd4j.core.scsi;

import static io.obd4j.core.scsi.ScsiHarness.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MODE SENSE/SELECT and READ CAPACITY byte for byte against spec tcmu-and-snapshotter.md §4.6. */
class ModeAndCapacityGoldenTest {
    static final String RW_RECOVERY = "01 0A 00 00 00 00 00 00 00 00 00 00";
    static final String CACHING = "08 12 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";
    static final String CONTROL = "0A 0A 02 00 00 40 00 00 FF FF 00 00";

    @TempDir
    Path dir;

    static byte[] modeSense6(int page, int allocation) {
        return new byte[] {0x1A, 0, (byte) page, 0, (byte) allocation, 0};
    }

    static byte[] modeSense10(int page, int allocation) {
        return new byte[] {0x5A, 0, (byte) page, 0, 0, 0, 0, (byte) (allocation >>> 8), (byte) allocation, 0};
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void modeSense6AllPagesIsHeaderPlusThreePagesZeroPadded(boolean readOnly) throws IOException {
        try (ScsiHarness lun = readOnly ? ScsiHarness.readOnly(dir, 512, 64) : ScsiHarness.create(dir, 512, 64)) {
            byte[] body = hex((readOnly ? "2F 00 80 00 " : "2F 00 00 00 ") + RW_RECOVERY + CACHING + CONTROL);
            ScsiHarness.Result r = lun.in(modeSense6(0x3F, 255), 255);
            assertThat(r.good()).isTrue();
            assertThat(r.data()).containsExactly(Arrays.copyOf(body, 255));
            assertThat(r.rsp().residualCount()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void modeSense10AllPagesHasBe16LengthAndWpInByte3(boolean readOnly) throws IOException {
        try (ScsiHarness lun = readOnly ? ScsiHarness.readOnly(dir, 512, 64) : ScsiHarness.create(dir, 512, 64)) {
            byte[] body = hex((readOnly ? "00 32 00 80 00 00 00 00 " : "00 32 00 00 00 00 00 00 ")
                + RW_RECOVERY + CACHING + CONTROL);
            assertThat(lun.in(modeSense10(0x3F, 52), 4096).data()).containsExactly(body);
            assertThat(lun.in(modeSense10(0x3F, 1000), 4096).data()).containsExactly(Arrays.copyOf(body, 1000));
        }
    }

    @Test
    void modeSenseSinglePages() throws IOException {
        try (ScsiHarness lun = ScsiHarness.create(dir, 512, 64)) {
            assertThat(lun.in(modeSense6(0x01, 16), 16).data()).containsExactly(hex("0F 00 00 00 " + RW_RECOVERY));
            assertThat(lun.in(modeSense6(0x08, 24), 24).data()).containsExactly(hex("17 00 00 00 " + CACHING));
            assertThat(lun.in(modeSense6(0x0A, 16), 16).data()).containsExactly(hex("0F 00 00 00 " + CONTROL));
            assertThat(lun.in(modeSense10(0x0A, 20), 20).data())
                .containsExactly(hex("00 12 00 00 00 00 00 00 " + CONTROL));
            // PC bits (changeable/default/saved) and DBD are ignored, as in libtcmu
            byte[] pc = modeSense6(0x4A, 16);
            pc[1] = 0x08;
            assertThat(lun.in(pc, 16).data()).containsExactly(hex("0F 00 00 00 " + CONTROL));
        }
    }

    @Test
    void cachingPageShowsWceWhenEnabled() throws IOException {
        try (ScsiHarness lun = ScsiHarness.create(dir, 512, 64, b -> b.writeCacheEnabled(true))) {
            assertThat(lun.in(modeSense6(0x08, 24), 24).data()).containsExactly(
                hex("17 00 00 00 08 12 04 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"));
        }
    }

    @Test
    void modeSenseTruncatesToAllocationAndRejectsShortHeaderAndUnknownPages() throws IOException {
        try (ScsiHarness lun = ScsiHarness.create(dir, 512, 64)) {
            ScsiHarness.Result r = lun.in(modeSense6(0x3F, 4), 255);
            assertThat(r.data()).containsExactly(hex("2F 00 00 00"));
            assertThat(r.rsp().isOverflow()).isFalse();
            assertThat(lun.in(modeSense6(0x3F, 0), 255).data()).isEmpty();
            assertThat(lun.in(modeSense6(0x3F, 0), 255).good()).isTrue();
            assertThat(lun.in(modeSense6(0x3F, 3), 255).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
            assertThat(lun.in(modeSense10(0x3F, 7), 255).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
            for (int page : new int[] {0x00, 0x02, 0x07, 0x1C, 0x3E}) {
                assertThat(lun.in(modeSense6(page, 255), 255).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB))
                    .as("page %x", page).isTrue();
            }
            byte[] subpage = modeSense6(0x0A, 255);
            subpage[3] = 1;
            assertThat(lun.in(subpage, 255).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
        }
    }

    @Test
    void modeSelectAcceptsUnchangedPagesOnly() throws IOException {
        try (ScsiHarness lun = ScsiHarness.create(dir, 512, 64)) {
            byte[] same = hex("00 00 00 00 " + CONTROL);
            byte[] select6 = {0x15, 0x10, 0, 0, (byte) same.length, 0};
            assertThat(lun.out(select6, same).good()).isTrue();
            byte[] changed = hex("00 00 00 00 08 12 04 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
            byte[] select6b = {0x15, 0x10, 0, 0, (byte) changed.length, 0};
            assertThat(lun.out(select6b, changed).sense().sameCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST))
                .isTrue();
            byte[] noPf = {0x15, 0x00, 0, 0, (byte) same.length, 0};
            assertThat(lun.out(noPf, same).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
            byte[] sp = {0x15, 0x11, 0, 0, (byte) same.length, 0};
            assertThat(lun.out(sp, same).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
            byte[] select10 = {0x55, 0x10, 0, 0, 0, 0, 0, 0x02, 0x00, 0};
            assertThat(lun.out(select10, new byte[512]).sense().sameCondition(Sense.PARAMETER_LIST_LENGTH_ERROR))
                .isTrue();
            byte[] shortList = {0x15, 0x10, 0, 0, 8, 0};
            assertThat(lun.out(shortList, Arrays.copyOf(same, 8)).sense()
                .sameCondition(Sense.PARAMETER_LIST_LENGTH_ERROR)).isTrue();
            assertThat(lun.out(new byte[] {0x15, 0x10, 0, 0, 0, 0}, new byte[0]).good()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void readCapacity16And10(int blockSize) throws IOException {
        try (ScsiHarness lun = ScsiHarness.create(dir, blockSize, 2048)) {
            byte[] rc16 = {(byte) 0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0};
            String size = blockSize == 512 ? "00 00 02 00" : "00 00 10 00";
            assertThat(lun.in(rc16, 32).data()).containsExactly(
                hex("00 00 00 00 00 00 07 FF " + size + " 00 00 C0 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                    + " 00"));
            for (int alloc = 0; alloc < 16; alloc++) {
                // libiscsi ReadCapacity16.Alloclen; a front end passes no buffer when it expects no data
                rc16[13] = (byte) alloc;
                ScsiResponse rsp = lun.device.execute(java.nio.ByteBuffer.wrap(rc16), null,
                    alloc == 0 ? null : java.nio.ByteBuffer.allocate(alloc));
                assertThat(rsp.isGood()).as("alloc %d", alloc).isTrue();
                assertThat(rsp.dataInLength()).isEqualTo(alloc);
            }
            rc16[13] = 12;
            assertThat(lun.in(rc16, 32).data()).containsExactly(hex("00 00 00 00 00 00 07 FF " + size));
            byte[] rc10 = {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            assertThat(lun.in(rc10, 8).data()).containsExactly(hex("00 00 07 FF " + size));
            rc10[8] = 1;
            assertThat(lun.in(rc10, 8).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
        }
    }

    @Test
    void readCapacity10SaturatesAbove2To32Blocks() throws IOException {
        long blocks = 0x1_0000_0001L;
        try (ScsiHarness lun = ScsiHarness.create(dir, 512, blocks)) {
            assertThat(lun.in(new byte[] {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 8).data())
                .containsExactly(hex("FF FF FF FF 00 00 02 00"));
            byte[] rc16 = {(byte) 0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0};
            assertThat(lun.in(rc16, 12).data()).containsExactly(hex("00 00 00 01 00 00 00 00 00 00 02 00"));
        }
    }

    @Test
    void otherServiceActionsInAreUnsupportedLikeOverlaybd() throws IOException {
        try (ScsiHarness lun = ScsiHarness.create(dir, 512, 64)) {
            byte[] readLong = {(byte) 0x9E, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0};
            assertThat(lun.in(readLong, 32).sense()).isEqualTo(Sense.INVALID_OPCODE);
        }
    }
}
