package io.obd4j.core.scsi;

import static io.obd4j.core.scsi.ScsiHarness.cdb10;
import static io.obd4j.core.scsi.ScsiHarness.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RESERVE/RELEASE(6) and PERSISTENT RESERVE IN/OUT across two I_T nexuses of one unit. */
class ReservationCommandsTest {
    static final ItNexus A = ItNexus.iscsi("iqn.2025-01.test:a", 0x23d000000001L, "iqn.2025-01.test:t", 1);
    static final ItNexus B = ItNexus.iscsi("iqn.2025-01.test:b", 0x23d000000002L, "iqn.2025-01.test:t", 1);
    static final int BS = 512;

    @TempDir
    Path dir;
    ScsiHarness lun;

    @BeforeEach
    void open() throws IOException {
        lun = ScsiHarness.create(dir, BS, 64);
    }

    @AfterEach
    void close() throws IOException {
        lun.close();
    }

    private ScsiResponse run(ItNexus nexus, byte[] cdb, byte[] out, ByteBuffer in) {
        return lun.device.execute(Cdb.of(cdb), out == null ? null : ByteBuffer.wrap(out), in, new ScsiResponse(),
            nexus);
    }

    private ScsiStatus status(ItNexus nexus, byte[] cdb) {
        return run(nexus, cdb, null, null).status();
    }

    private ScsiStatus read(ItNexus nexus) {
        return run(nexus, cdb10(0x28, 0, 1, 1), null, ByteBuffer.allocate(BS)).status();
    }

    private ScsiStatus write(ItNexus nexus) {
        return run(nexus, cdb10(0x2A, 0, 1, 1), new byte[BS], null).status();
    }

    static byte[] prout(int action, int type, long key, long saKey) {
        return prout(action, type, key, saKey, 24);
    }

    static byte[] prout(int action, int type, long key, long saKey, int listLength) {
        byte[] c = {0x5F, (byte) action, (byte) type, 0, 0, 0, 0, 0, (byte) listLength, 0};
        return c;
    }

    private ScsiResponse prout(ItNexus nexus, int action, int type, long key, long saKey) {
        ByteBuffer params = ByteBuffer.allocate(24).putLong(key).putLong(saKey);
        return run(nexus, prout(action, type, key, saKey), params.array(), null);
    }

    private byte[] prin(ItNexus nexus, int action, int allocation) {
        ByteBuffer in = ByteBuffer.allocate(allocation);
        ScsiResponse rsp = run(nexus, new byte[] {0x5E, (byte) action, 0, 0, 0, 0, 0, (byte) (allocation >>> 8),
            (byte) allocation, 0}, null, in);
        assertThat(rsp.isGood()).as(rsp.toString()).isTrue();
        return Arrays.copyOf(in.array(), rsp.dataInLength());
    }

    @Test
    void reserve6BlocksOtherNexusUntilReleased() {
        assertThat(status(A, new byte[] {0x16, 0, 0, 0, 0, 0})).isEqualTo(ScsiStatus.GOOD);
        assertThat(status(A, new byte[] {0x16, 0, 0, 0, 0, 0})).as("holder re-reserves").isEqualTo(ScsiStatus.GOOD);
        assertThat(status(B, new byte[] {0x16, 0, 0, 0, 0, 0})).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        assertThat(read(B)).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        assertThat(status(B, new byte[] {0x1A, 0, 0x3F, 0, (byte) 255, 0})).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        assertThat(run(B, ScsiHarness.inquiry(false, 0, 36), null, ByteBuffer.allocate(36)).isGood()).isTrue();
        assertThat(status(B, new byte[] {0x17, 0, 0, 0, 0, 0})).as("non-holder RELEASE is a no-op")
            .isEqualTo(ScsiStatus.GOOD);
        assertThat(read(A)).isEqualTo(ScsiStatus.GOOD);
        assertThat(write(A)).isEqualTo(ScsiStatus.GOOD);
        assertThat(status(A, new byte[] {0x17, 0, 0, 0, 0, 0})).isEqualTo(ScsiStatus.GOOD);
        assertThat(read(B)).isEqualTo(ScsiStatus.GOOD);
        assertThat(status(B, new byte[] {0x16, 0, 0, 0, 0, 0})).isEqualTo(ScsiStatus.GOOD);
    }

    @Test
    void conflictHasNoSenseAndTransfersNothing() {
        status(A, new byte[] {0x16, 0, 0, 0, 0, 0});
        ScsiResponse rsp = run(B, cdb10(0x28, 0, 1, 1), null, ByteBuffer.allocate(BS));
        assertThat(rsp.status().code()).isEqualTo(0x18);
        assertThat(rsp.sense()).isNull();
        assertThat(rsp.senseLength()).isZero();
        assertThat(rsp.dataInLength()).isZero();
        assertThat(rsp.isUnderflow()).isTrue();
        assertThat(rsp.residualCount()).isEqualTo(BS);
    }

    @Test
    void nexusLossAndLogicalUnitResetEndReserve6() {
        status(A, new byte[] {0x16, 0, 0, 0, 0, 0});
        lun.device.nexusLost(B);
        assertThat(read(B)).as("another nexus' loss changes nothing").isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        lun.device.nexusLost(A);
        assertThat(status(B, new byte[] {0x16, 0, 0, 0, 0, 0})).isEqualTo(ScsiStatus.GOOD);
        lun.device.logicalUnitReset();
        assertThat(status(A, new byte[] {0x16, 0, 0, 0, 0, 0})).isEqualTo(ScsiStatus.GOOD);
    }

    @Test
    void reserve6WithExtentBitIsInvalidField() {
        ScsiResponse rsp = run(A, new byte[] {0x16, 1, 0, 0, 0, 0}, null, null);
        assertThat(rsp.sense()).isEqualTo(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 0));
    }

    @Test
    void registerReadKeysAndUnregister() {
        assertThat(prin(A, 0, 8)).containsExactly(hex("00000000 00000000"));
        assertThat(prout(A, 6, 0, 0, 0x1122).isGood()).isTrue();
        assertThat(prout(B, 0, 0, 0, 0x3344).isGood()).isTrue();
        assertThat(prin(B, 0, 100)).containsExactly(hex("00000002 00000010 0000000000001122 0000000000003344"));
        assertThat(prin(B, 0, 8)).as("truncated keeps ADDITIONAL LENGTH").containsExactly(hex("00000002 00000010"));
        assertThat(prout(A, 0, 0, 0, 0x5555).status()).as("REGISTER with a wrong key")
            .isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        assertThat(prout(A, 0, 0, 0x1122, 0x5555).isGood()).isTrue();
        assertThat(prout(A, 0, 0, 0x5555, 0).isGood()).as("unregister").isTrue();
        assertThat(prin(A, 0, 100)).containsExactly(hex("00000004 00000008 0000000000003344"));
    }

    @Test
    void reportCapabilitiesListsAllSixTypes() {
        assertThat(prin(A, 2, 100)).containsExactly(hex("0008 00 80 EA01 0000"));
    }

    @Test
    void unknownPrinServiceActionIsInvalidField() {
        ScsiResponse rsp = run(A, new byte[] {0x5E, 4, 0, 0, 0, 0, 0, 0, 100, 0}, null, ByteBuffer.allocate(100));
        assertThat(rsp.sense()).isEqualTo(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 4));
    }

    @Test
    void proutNeeds24ByteParameterListAndLuScope() {
        ScsiResponse rsp = run(A, prout(0, 0, 0, 0, 16), new byte[16], null);
        assertThat(rsp.sense()).isEqualTo(Sense.PARAMETER_LIST_LENGTH_ERROR);
        prout(A, 6, 0, 0, 7);
        assertThat(prout(A, 1, 0x21, 7, 0).sense()).as("scope 2")
            .isEqualTo(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(2, -1));
        assertThat(prout(A, 1, 2, 7, 0).sense()).as("type 2").isEqualTo(Sense.INVALID_FIELD_IN_CDB
            .withCdbFieldPointer(2, -1));
        byte[] aptpl = ByteBuffer.allocate(24).putLong(0).putLong(9).put(20, (byte) 1).array();
        assertThat(run(A, prout(6, 0, 0, 9), aptpl, null).sense()).isEqualTo(Sense.INVALID_FIELD_IN_PARAMETER_LIST);
    }

    @Test
    void readReservationShowsHolderKeyOrZeroForAllRegistrants() {
        prout(A, 6, 0, 0, 0xA);
        assertThat(prin(A, 1, 100)).containsExactly(hex("00000001 00000000"));
        assertThat(prout(A, 1, 3, 0xA, 0).isGood()).isTrue();
        assertThat(prin(B, 1, 100)).containsExactly(hex("00000001 00000010 000000000000000A 00000000 00 03 0000"));
        assertThat(prout(A, 1, 1, 0xA, 0).status()).as("holder reserving another type")
            .isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        assertThat(prout(A, 2, 1, 0xA, 0).sense()).isEqualTo(Sense.INVALID_RELEASE_OF_PERSISTENT_RESERVATION);
        assertThat(prout(A, 2, 3, 0xA, 0).isGood()).isTrue();
        assertThat(prout(A, 1, 7, 0xA, 0).isGood()).isTrue();
        assertThat(prin(A, 1, 100)).containsExactly(hex("00000001 00000010 0000000000000000 00000000 00 07 0000"));
    }

    @Test
    void reserveNeedsRegistrationWithTheRightKey() {
        assertThat(prout(B, 1, 1, 0, 0).status()).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        prout(B, 6, 0, 0, 0xB);
        assertThat(prout(B, 1, 1, 0xC, 0).status()).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        assertThat(prout(A, 6, 0, 0, 0xA).isGood()).isTrue();
        assertThat(prout(B, 1, 1, 0xB, 0).isGood()).isTrue();
        assertThat(prout(A, 1, 1, 0xA, 0).status()).as("reserved by B").isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        assertThat(status(A, new byte[] {0x16, 0, 0, 0, 0, 0})).as("RESERVE(6) under registrations")
            .isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
    }

    /** SPC-4 table 62 for READ(10)/WRITE(10): registered non-holder, then unregistered. */
    @ParameterizedTest
    @CsvSource({"1, GOOD, RESERVATION_CONFLICT, GOOD, RESERVATION_CONFLICT",
        "3, RESERVATION_CONFLICT, RESERVATION_CONFLICT, RESERVATION_CONFLICT, RESERVATION_CONFLICT",
        "5, GOOD, GOOD, GOOD, RESERVATION_CONFLICT",
        "6, GOOD, GOOD, RESERVATION_CONFLICT, RESERVATION_CONFLICT",
        "7, GOOD, GOOD, GOOD, RESERVATION_CONFLICT",
        "8, GOOD, GOOD, RESERVATION_CONFLICT, RESERVATION_CONFLICT"})
    void accessOfTheOtherNexusByType(int type, ScsiStatus regRead, ScsiStatus regWrite, ScsiStatus unregRead,
                                     ScsiStatus unregWrite) {
        prout(A, 6, 0, 0, 0xA);
        prout(B, 6, 0, 0, 0xB);
        assertThat(prout(A, 1, type, 0xA, 0).isGood()).isTrue();
        assertThat(read(A)).isEqualTo(ScsiStatus.GOOD);
        assertThat(write(A)).isEqualTo(ScsiStatus.GOOD);
        assertThat(read(B)).isEqualTo(regRead);
        assertThat(write(B)).isEqualTo(regWrite);
        assertThat(status(B, new byte[] {0x00, 0, 0, 0, 0, 0})).as("TEST UNIT READY").isEqualTo(ScsiStatus.GOOD);
        assertThat(prout(B, 0, 0, 0xB, 0).isGood()).isTrue();
        assertThat(read(B)).isEqualTo(unregRead);
        assertThat(write(B)).isEqualTo(unregWrite);
        assertThat(prout(A, 2, type, 0xA, 0).isGood()).isTrue();
        assertThat(write(B)).isEqualTo(ScsiStatus.GOOD);
    }

    @ParameterizedTest
    @CsvSource({"1, false", "3, false", "5, false", "6, false", "7, true", "8, true"})
    void holderUnregisteringReleasesUnlessAllRegistrants(int type, boolean stays) {
        prout(A, 6, 0, 0, 0xA);
        prout(B, 6, 0, 0, 0xB);
        prout(A, 1, type, 0xA, 0);
        assertThat(prout(A, 0, 0, 0xA, 0).isGood()).isTrue();
        assertThat(prin(B, 1, 100).length).isEqualTo(stays ? 24 : 8);
        if (stays) {
            assertThat(prout(B, 2, type, 0xB, 0).isGood()).as("any registrant holds it").isTrue();
            assertThat(prin(B, 1, 100)).hasSize(8);
        }
    }

    @Test
    void clearDropsEverythingAndBumpsGenerationOnce() {
        prout(A, 6, 0, 0, 0xA);
        prout(B, 6, 0, 0, 0xB);
        prout(A, 1, 3, 0xA, 0);
        assertThat(prout(B, 3, 0, 0xC, 0).status()).as("CLEAR with a wrong key")
            .isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        assertThat(prout(B, 3, 0, 0xB, 0).isGood()).isTrue();
        assertThat(prin(A, 0, 100)).containsExactly(hex("00000003 00000000"));
        assertThat(prin(A, 1, 100)).containsExactly(hex("00000003 00000000"));
    }

    @Test
    void preemptRemovesRegistrationOrTakesTheReservation() {
        prout(A, 6, 0, 0, 0xA);
        prout(B, 6, 0, 0, 0xB);
        assertThat(prout(B, 4, 3, 0xB, 0).sense()).as("key 0 without reservation")
            .isEqualTo(Sense.INVALID_FIELD_IN_PARAMETER_LIST);
        assertThat(prout(B, 4, 3, 0xB, 0xD).status()).as("no such key").isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        assertThat(prout(B, 4, 3, 0xB, 0xA).isGood()).isTrue();
        assertThat(prin(B, 0, 100)).containsExactly(hex("00000003 00000008 000000000000000B"));
        assertThat(prin(B, 1, 100)).as("no reservation to take").hasSize(8);

        prout(A, 6, 0, 0, 0xA);
        prout(A, 1, 3, 0xA, 0);
        assertThat(write(B)).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        assertThat(prout(B, 4, 1, 0xB, 0xA).isGood()).isTrue();
        assertThat(prin(A, 1, 100)).containsExactly(hex("00000005 00000010 000000000000000B 00000000 00 01 0000"));
        assertThat(write(B)).isEqualTo(ScsiStatus.GOOD);
        assertThat(write(A)).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
    }

    @Test
    void readFullStatusNamesTheHolderAndItsTransportId() {
        prout(A, 6, 0, 0, 0xA);
        prout(A, 1, 5, 0xA, 0);
        byte[] data = prin(A, 3, 1000);
        ByteBuffer b = ByteBuffer.wrap(data);
        String port = "iqn.2025-01.test:a,i,0x23d000000001";
        int idLength = (4 + port.length() + 1 + 3) & ~3;
        assertThat(b.getInt(4)).isEqualTo(24 + idLength);
        assertThat(b.getLong(8)).isEqualTo(0xA);
        assertThat(data[8 + 12]).isEqualTo((byte) 1);
        assertThat(data[8 + 13]).isEqualTo((byte) 5);
        assertThat(b.getShort(8 + 18)).isEqualTo((short) 1);
        assertThat(b.getInt(8 + 20)).isEqualTo(idLength);
        assertThat(data[32]).isEqualTo((byte) 0x45);
        assertThat(new String(data, 36, port.length(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(port);
    }

    @Test
    void prCommandsConflictUnderAnotherNexusReserve6() {
        status(A, new byte[] {0x16, 0, 0, 0, 0, 0});
        assertThat(prout(B, 6, 0, 0, 0xB).status()).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        assertThat(run(B, new byte[] {0x5E, 0, 0, 0, 0, 0, 0, 0, 8, 0}, null, ByteBuffer.allocate(8)).status())
            .isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
    }
}
