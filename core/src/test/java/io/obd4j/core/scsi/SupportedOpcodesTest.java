package io.obd4j.core.scsi;

import static io.obd4j.core.scsi.ScsiHarness.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REPORT SUPPORTED OPERATION CODES against SPC-4 §6.35 and the checks of libiscsi's report_supported_opcodes. */
class SupportedOpcodesTest {
    @TempDir
    Path dir;
    ScsiHarness lun;

    @BeforeEach
    void open() throws IOException {
        lun = ScsiHarness.create(dir, 512, 64);
    }

    @AfterEach
    void close() throws IOException {
        lun.close();
    }

    static byte[] rsoc(int rctdAndOptions, int opcode, int sa, int allocation) {
        byte[] c = {(byte) 0xA3, 0x0C, (byte) rctdAndOptions, (byte) opcode, (byte) (sa >>> 8), (byte) sa, 0, 0, 0, 0,
            0, 0};
        ScsiHarness.put32(c, 6, allocation);
        return c;
    }

    @Test
    void allCommandsListIsExactlyTheDispatchTable() {
        ScsiHarness.Result r = lun.in(rsoc(0, 0, 0, 65535), 65535);
        assertThat(r.good()).isTrue();
        ByteBuffer b = ByteBuffer.wrap(r.data());
        int length = b.getInt(0);
        assertThat(length % 8).isZero();
        assertThat(r.data()).hasSize(4 + length);
        TreeSet<String> listed = new TreeSet<>();
        for (int at = 4; at < 4 + length; at += 8) {
            int op = b.get(at) & 0xFF;
            int sa = b.getShort(at + 2) & 0xFFFF;
            boolean servactv = (b.get(at + 5) & 0x01) != 0;
            assertThat((b.get(at + 5) & 0x02)).as("CTDP without RCTD").isZero();
            assertThat(servactv || sa == 0).as("SA without SERVACTV").isTrue();
            assertThat(b.getShort(at + 6)).isEqualTo((short) Cdb.of((byte) op).length());
            listed.add(String.format("%02X/%s", op, servactv ? Integer.toHexString(sa) : "-"));
        }
        TreeSet<String> dispatched = new TreeSet<>();
        for (int op = 0; op < 256; op++) {
            int len = Cdb.lengthOfGroup(op >>> 5);
            if (len < 0) {
                continue;
            }
            if (op == 0x9E || op == 0xA3 || op == 0x5E || op == 0x5F) {
                for (int sa = 0; sa < 32; sa++) {
                    byte[] cdb = new byte[len];
                    cdb[0] = (byte) op;
                    cdb[1] = (byte) sa;
                    Sense sense = lun.in(cdb, 64).sense();
                    // PERSISTENT RESERVE IN/OUT refuse unknown service actions as a bad field, not a bad opcode
                    if (!Sense.INVALID_OPCODE.equals(sense)
                        && !Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 4).equals(sense)) {
                        dispatched.add(String.format("%02X/%s", op, Integer.toHexString(sa)));
                    }
                }
                continue;
            }
            byte[] cdb = new byte[len];
            cdb[0] = (byte) op;
            if (!Sense.INVALID_OPCODE.equals(lun.in(cdb, 64).sense())) {
                dispatched.add(String.format("%02X/-", op));
            }
        }
        assertThat(listed).isEqualTo(dispatched);
    }

    @Test
    void oneCommandReportsUsageData() {
        ScsiHarness.Result r = lun.in(rsoc(1, 0x28, 0, 65535), 65535);
        assertThat(r.data()).containsExactly(hex("00 03 00 0A 28 00 FF FF FF FF 00 FF FF 00"));
        r = lun.in(rsoc(2, 0x9E, 0x10, 65535), 65535);
        assertThat(r.data()).containsExactly(hex("00 03 00 10 9E 10 00 00 00 00 00 00 00 00 FF FF FF FF 00 00"));
        assertThat(lun.in(rsoc(1, 0x04, 0, 65535), 65535).data()).containsExactly(hex("00 01 00 00"));
        assertThat(lun.in(rsoc(2, 0x9E, 0x11, 65535), 65535).data()).containsExactly(hex("00 01 00 00"));
        r = lun.in(rsoc(1, 0x8B, 0, 65535), 65535);
        assertThat(r.data()[5] & 0x18).as("ORWRITE usage without DPO/FUA (DPOFUA=0)").isZero();
        r = lun.in(rsoc(2, 0x5F, 0x01, 65535), 65535);
        assertThat(r.data()).containsExactly(hex("00 03 00 0A 5F 01 FF 00 00 FF FF FF FF 00"));
    }

    @Test
    void reportingOptionMustMatchWhetherTheOpcodeHasServiceActions() {
        assertThat(lun.in(rsoc(1, 0x9E, 0x10, 512), 512).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
        assertThat(lun.in(rsoc(2, 0x28, 0, 512), 512).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
        assertThat(lun.in(rsoc(3, 0x28, 0, 512), 512).sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
    }

    @Test
    void rctdAddsTimeoutDescriptors() {
        ScsiHarness.Result r = lun.in(rsoc(0x80, 0, 0, 65535), 65535);
        ByteBuffer b = ByteBuffer.wrap(r.data());
        int length = b.getInt(0);
        assertThat(length % 20).isZero();
        for (int at = 4; at < 4 + length; at += 20) {
            assertThat(b.get(at + 5) & 0x02).isEqualTo(2);
            assertThat(b.getShort(at + 8)).isEqualTo((short) 0x0A);
        }
        ScsiHarness.Result one = lun.in(rsoc(0x81, 0x00, 0, 65535), 65535);
        assertThat(one.data()).containsExactly(
            hex("00 83 00 06 00 00 00 00 00 00 00 0A 00 00 00 00 00 00 00 00 00 00"));
        // truncation keeps the untruncated COMMAND DATA LENGTH (SPC-4 §4.2.5.6)
        assertThat(lun.in(rsoc(0x80, 0, 0, 4), 4).data()).containsExactly(Arrays.copyOf(r.data(), 4));
    }

    @Test
    void otherMaintenanceInServiceActionsAreUnsupported() {
        assertThat(lun.in(new byte[] {(byte) 0xA3, 0x0A, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}, 256).sense())
            .isEqualTo(Sense.INVALID_OPCODE);
    }
}
