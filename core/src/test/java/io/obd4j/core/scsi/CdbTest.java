package io.obd4j.core.scsi;

import static io.obd4j.core.scsi.ScsiHarness.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** CDB lengths by group code and the LBA/transfer-length fields of spec tcmu-and-snapshotter.md §4.4. */
class CdbTest {

    @Test
    void lengthFollowsTheGroupCode() {
        assertThat(Cdb.of((byte) 0x08).length()).isEqualTo(6);
        assertThat(Cdb.of((byte) 0x28).length()).isEqualTo(10);
        assertThat(Cdb.of((byte) 0x55).length()).isEqualTo(10);
        assertThat(Cdb.of((byte) 0x88).length()).isEqualTo(16);
        assertThat(Cdb.of((byte) 0xA8).length()).isEqualTo(12);
        assertThat(Cdb.of((byte) 0x60).length()).isEqualTo(-1);
        assertThat(Cdb.of((byte) 0xC0).length()).isEqualTo(-1);
        assertThat(Cdb.of((byte) 0xE0).length()).isEqualTo(-1);
        assertThat(Cdb.of(hex("7F 00 00 00 00 00 00 18")).length()).isEqualTo(32);
        assertThat(Cdb.of((byte) 0x28).isComplete()).isFalse();
        assertThat(new Cdb().wrap(ByteBuffer.allocate(0)).length()).isEqualTo(-1);
    }

    @Test
    void lbaAndTransferLengthOfEachForm() {
        Cdb six = Cdb.of(hex("08 FF 12 34 80 00"));
        assertThat(six.lba()).isEqualTo(0x1F1234);
        assertThat(six.transferLength()).isEqualTo(0x80);
        Cdb ten = Cdb.of(hex("28 00 81 02 03 04 00 AB CD 00"));
        assertThat(ten.lba()).isEqualTo(0x81020304L);
        assertThat(ten.transferLength()).isEqualTo(0xABCD);
        Cdb twelve = Cdb.of(hex("A8 00 00 00 00 10 FF FF FF FE 00 00"));
        assertThat(twelve.lba()).isEqualTo(0x10);
        assertThat(twelve.transferLength()).isEqualTo(0xFFFFFFFEL);
        Cdb sixteen = Cdb.of(hex("88 00 FF FF FF FF FF FF FF FF 80 00 00 01 00 00"));
        assertThat(sixteen.lba()).isEqualTo(-1L);
        assertThat(sixteen.transferLength()).isEqualTo(0x80000001L);
        assertThat(sixteen.control()).isZero();
    }

    @Test
    void serviceActionAndFieldsPastTheEndReadAsZero() {
        assertThat(Cdb.of(hex("9E 30 00")).serviceAction()).isEqualTo(0x10);
        assertThat(Cdb.of(hex("7F 00 00 00 00 00 00 18 12 34")).serviceAction()).isEqualTo(0x1234);
        Cdb shortCdb = Cdb.of(hex("28 00 01"));
        assertThat(shortCdb.u32(2)).isEqualTo(0x01000000L);
        assertThat(shortCdb.u8(-1)).isZero();
        assertThat(shortCdb.toString()).startsWith("READ(10)");
    }

    @Test
    void wrapStartsAtThePositionAndDoesNotMoveIt() {
        ByteBuffer b = ByteBuffer.wrap(hex("FF FF 2A 00 00 00 00 07 00 00 01 00"));
        b.position(2);
        Cdb cdb = new Cdb().wrap(b);
        assertThat(cdb.opcode()).isEqualTo(0x2A);
        assertThat(cdb.lba()).isEqualTo(7);
        assertThat(cdb.transferLength()).isEqualTo(1);
        assertThat(b.position()).isEqualTo(2);
    }
}
