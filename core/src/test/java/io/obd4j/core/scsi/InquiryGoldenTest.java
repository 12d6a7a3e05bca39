package io.obd4j.core.scsi;

import static io.obd4j.core.scsi.ScsiHarness.hex;
import static io.obd4j.core.scsi.ScsiHarness.inquiry;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** INQUIRY data byte for byte against spec tcmu-and-snapshotter.md §4.6 (libtcmu scsi.cpp as overlaybd runs it). */
class InquiryGoldenTest {
    static final String SERIAL = "f3a2c6e0-1b7d-4c1e-9a55-0123456789ab";
    static final String CFG = "overlaybd//var/lib/overlaybd/dev1/config.v1.json;dev1";

    @TempDir
    Path dir;
    ScsiHarness lun;

    @BeforeEach
    void open() throws IOException {
        lun = ScsiHarness.create(dir, 512, 2048, b -> b.identity(DeviceIdentity.overlaybd(SERIAL, CFG))
            .maxUnmapBlockCount(0).writeSameNonZero(true));
    }

    @AfterEach
    void close() throws IOException {
        lun.close();
    }

    @Test
    void standardInquiryIs36BytesOfLioTcmuDevice() {
        byte[] expected = concat(hex("00 00 05 02 1F 08 00 02"), ascii("LIO-ORG "), ascii("TCMU device     "),
            ascii("0002"));
        ScsiHarness.Result r = lun.in(inquiry(false, 0, 255), 255);
        assertThat(r.good()).isTrue();
        assertThat(r.data()).containsExactly(expected);
        assertThat(r.rsp().isUnderflow()).isTrue();
        assertThat(r.rsp().residualCount()).isEqualTo(255 - 36);
    }

    @Test
    void standardInquiryIsCutToAllocationLengthAndExpectedLength() {
        ScsiHarness.Result r = lun.in(inquiry(false, 0, 5), 255);
        assertThat(r.data()).containsExactly(hex("00 00 05 02 1F"));
        r = lun.in(inquiry(false, 0, 255), 8);
        assertThat(r.data()).containsExactly(hex("00 00 05 02 1F 08 00 02"));
        assertThat(r.rsp().isOverflow()).isTrue();
        assertThat(r.rsp().residualCount()).isEqualTo(28);
    }

    @Test
    void pageCodeWithoutEvpdIsInvalidField() {
        ScsiHarness.Result r = lun.in(inquiry(false, 0x80, 255), 255);
        assertThat(r.sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
        assertThat(r.data()).isEmpty();
    }

    @Test
    void supportedPagesPageIs16Bytes() {
        byte[] expected = hex("00 00 00 06 00 80 83 B0 B1 B2 00 00 00 00 00 00");
        assertThat(lun.in(inquiry(true, 0x00, 255), 255).data()).containsExactly(expected);
    }

    @Test
    void unitSerialPageIs512BytesWithNulTerminatedSerial() {
        byte[] expected = new byte[512];
        System.arraycopy(hex("00 80 00 25"), 0, expected, 0, 4);
        System.arraycopy(ascii(SERIAL), 0, expected, 4, SERIAL.length());
        ScsiHarness.Result r = lun.in(inquiry(true, 0x80, 1024), 1024);
        assertThat(r.data()).containsExactly(expected);
    }

    @Test
    void deviceIdentificationPageHasT10NaaAndVendorSpecificDescriptors() {
        byte[] t10 = concat(hex("02 01 00 2D"), ascii("LIO-ORG "), ascii(SERIAL), hex("00"));
        // NAA 6, OUI 00-14-05, then the serial's hex digits from the low nibble of designator byte 3 (§4.6)
        byte[] naa = hex("01 03 00 10 60 01 40 5f 3a 2c 6e 01 b7 d4 c1 e9 a5 50 12 34");
        byte[] vendor = concat(new byte[] {0x02, 0x00, 0x00, (byte) (CFG.length() + 1)}, ascii(CFG), hex("00"));
        int descriptors = t10.length + naa.length + vendor.length;
        byte[] expected = concat(new byte[] {0x00, (byte) 0x83, (byte) (descriptors >>> 8), (byte) descriptors},
            t10, naa, vendor);
        ScsiHarness.Result r = lun.in(inquiry(true, 0x83, 1024), 1024);
        assertThat(r.data()).containsExactly(expected);
    }

    @Test
    void blockLimitsPageMatchesOverlaybd() {
        byte[] expected = Arrays.copyOf(hex("00 B0 00 3C 01 01 00 00  00 00 00 00 00 00 00 00  00 00 00 00"
            + " 00 00 00 00  00 00 00 04  00 00 00 00  80 00 00 00  00 00 00 00 FF FF FF FF"), 64);
        assertThat(lun.in(inquiry(true, 0xB0, 255), 255).data()).containsExactly(expected);
    }

    @Test
    void blockLimitsPageReportsUnmapLimitByDefault() throws IOException {
        try (ScsiHarness other = ScsiHarness.create(dir, 512, 64)) {
            byte[] data = other.in(inquiry(true, 0xB0, 255), 255).data();
            assertThat(Arrays.copyOfRange(data, 20, 28)).containsExactly(hex("FF FF FF FF 00 00 00 04"));
        }
    }

    @Test
    void blockLimitsPageClearsWsnzByDefault() throws IOException {
        try (ScsiHarness other = ScsiHarness.create(dir, 512, 64)) {
            assertThat(other.in(inquiry(true, 0xB0, 255), 255).data()[4]).isZero();
        }
    }

    @Test
    void maximumTransferLengthIsReportedTwiceAndEnforced() throws IOException {
        try (ScsiHarness other = ScsiHarness.create(dir, 512, 64, b -> b.maxTransferLength(16))) {
            byte[] data = other.in(inquiry(true, 0xB0, 255), 255).data();
            assertThat(Arrays.copyOfRange(data, 8, 16)).containsExactly(hex("00 00 00 10 00 00 00 10"));
            assertThat(other.in(ScsiHarness.cdb10(0x28, 0, 0, 16), 16 * 512).good()).isTrue();
            assertThat(other.in(ScsiHarness.cdb10(0x28, 0, 0, 17), 17 * 512).sense()
                .sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
            assertThat(other.out(ScsiHarness.cdb16(0x8A, 0, 0, 17), new byte[17 * 512]).sense()
                .sameCondition(Sense.INVALID_FIELD_IN_CDB)).isTrue();
            // WRITE SAME moves one block whatever its length: bounded by MAXIMUM WRITE SAME LENGTH only
            assertThat(other.out(ScsiHarness.cdb10(0x41, 0, 0, 64), new byte[512]).good()).isTrue();
        }
    }

    @Test
    void blockDeviceCharacteristicsPageReportsNoRotationRate() {
        byte[] expected = Arrays.copyOf(hex("00 B1 00 3C"), 64);
        assertThat(lun.in(inquiry(true, 0xB1, 255), 255).data()).containsExactly(expected);
    }

    @Test
    void provisioningPageSaysLbpuLbpwsLbpws10Lbprz() {
        byte[] expected = Arrays.copyOf(hex("00 B2 00 04 00 E4"), 64);
        assertThat(lun.in(inquiry(true, 0xB2, 255), 255).data()).containsExactly(expected);
    }

    @Test
    void provisioningWithoutUnmapKeepsOnlyLbprzAndBlockLimitsDropUnmapFields() throws IOException {
        try (ScsiHarness other = ScsiHarness.create(dir, 512, 64, b -> b.unmapEnabled(false))) {
            assertThat(other.in(inquiry(true, 0xB2, 255), 255).data()).containsExactly(
                Arrays.copyOf(hex("00 B2 00 04 00 04"), 64));
            byte[] b0 = other.in(inquiry(true, 0xB0, 255), 255).data();
            assertThat(Arrays.copyOfRange(b0, 20, 36)).containsOnly(0);
        }
    }

    @Test
    void unknownVpdPageIsInvalidFieldInCdb() {
        for (int page : new int[] {0x01, 0x81, 0x86, 0x89, 0xB3, 0xFF}) {
            ScsiHarness.Result r = lun.in(inquiry(true, page, 255), 255);
            assertThat(r.rsp().status()).isEqualTo(ScsiStatus.CHECK_CONDITION);
            assertThat(r.sense().sameCondition(Sense.INVALID_FIELD_IN_CDB)).as("page %x", page).isTrue();
        }
    }

    @Test
    void naaDesignatorSkipsNonHexCharacters() {
        DeviceIdentity id = DeviceIdentity.overlaybd("xyz-1-2", null);
        assertThat(id.naaDesignator()).containsExactly(hex("60 01 40 51 20 00 00 00 00 00 00 00 00 00 00 00"));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
