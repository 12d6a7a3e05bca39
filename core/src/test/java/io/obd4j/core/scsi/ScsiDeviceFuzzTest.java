package io.obd4j.core.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.image.RawFileDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seeded fuzzing of {@link ScsiDevice#execute}: valid opcodes with random fields, mutated well-formed CDBs and
 * random bytes. Every response must be well formed (GOOD without sense, or CHECK CONDITION with a parseable
 * ILLEGAL REQUEST / DATA PROTECT / MISCOMPARE sense), data-in must stay inside the buffer's position..limit and
 * agree with the residual, neither buffer position may move, and the device must never see an access outside
 * itself (nor any modification when read-only).
 */
class ScsiDeviceFuzzTest {
    private static final int GUARD = 64;
    private static final int MAX_IN = 64 * 1024;
    private static final byte CANARY = (byte) 0xA5;
    /** Opcodes the device implements, plus a few it must refuse. */
    private static final int[] OPCODES = {
        0x00, 0x03, 0x08, 0x0A, 0x12, 0x15, 0x1A, 0x1B, 0x1E, 0x25, 0x28, 0x2A, 0x2E, 0x2F, 0x34, 0x35, 0x41, 0x42,
        0x55, 0x5A, 0x88, 0x89, 0x8A, 0x8E, 0x8F, 0x90, 0x91, 0x93, 0x9E, 0xA0, 0xA8, 0xAA, 0xAE, 0xAF,
        0x04, 0x7F, 0xA3, 0x83, 0xC1,
    };

    @TempDir
    Path tempDir;

    @ParameterizedTest(name = "seed {0}, {1}-byte blocks, read-only {2}, {3} commands")
    @CsvSource({"20261123, 512, false, 100000", "7, 4096, false, 10000", "99, 512, true, 10000"})
    void executeAlwaysAnswersWellFormed(long seed, int blockSize, boolean readOnly, int commands) throws IOException {
        Path dir = Files.isWritable(Path.of("/dev/shm")) ? Path.of("/dev/shm") : tempDir;
        Path file = Files.createTempFile(dir, "obd4j-scsi-fuzz", ".raw");
        try {
            long blocks = (1 << 20) / blockSize;
            RawFileDevice.create(file, blocks * blockSize).close();
            try (BoundsCheckingDevice dev = new BoundsCheckingDevice(RawFileDevice.open(file, readOnly))) {
                ScsiDevice scsi = ScsiDevice.builder(dev).blockSize(blockSize).build();
                Fuzzer fuzzer = new Fuzzer(new SplittableRandom(seed), scsi, blocks);
                for (int i = 0; i < commands; i++) {
                    fuzzer.runOne(i);
                }
                assertThat(dev.violations).isEmpty();
                if (readOnly) {
                    assertThat(dev.writes + dev.discards).isZero();
                } else {
                    assertThat(dev.writes).as("some writes got through").isPositive();
                    assertThat(dev.discards).as("some discards got through").isPositive();
                }
                assertThat(fuzzer.good).as("some commands succeeded").isGreaterThan(commands / 20);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static final class Fuzzer {
        private final SplittableRandom rnd;
        private final ScsiDevice scsi;
        private final long blocks;
        private final byte[] inArray = new byte[MAX_IN + 2 * GUARD];
        private final Cdb cdb = new Cdb();
        private final ScsiResponse rsp = new ScsiResponse();
        int good;

        Fuzzer(SplittableRandom rnd, ScsiDevice scsi, long blocks) {
            this.rnd = rnd;
            this.scsi = scsi;
            this.blocks = blocks;
        }

        void runOne(int iteration) {
            byte[] cdbBytes = nextCdb();
            cdb.wrap(ByteBuffer.wrap(cdbBytes));
            int inLength = rnd.nextInt(4) == 0 ? rnd.nextInt(MAX_IN + 1) : rnd.nextInt(4097);
            Arrays.fill(inArray, 0, inLength + 2 * GUARD, CANARY);
            ByteBuffer in = ByteBuffer.wrap(inArray, GUARD, inLength);
            int outOffset = rnd.nextInt(8);
            byte[] outBytes = nextDataOut(cdb, outOffset);
            ByteBuffer out = ByteBuffer.wrap(outBytes, outOffset, outBytes.length - outOffset).asReadOnlyBuffer();
            int outRemaining = out.remaining();

            boolean nullIn = inLength == 0 && rnd.nextBoolean();
            boolean nullOut = outRemaining == 0 && rnd.nextBoolean();
            scsi.execute(cdb, nullOut ? null : out, nullIn ? null : in, rsp);

            check(in.position() == GUARD && out.position() == outOffset, "a buffer position moved", iteration,
                inLength, outRemaining);
            checkStatus(iteration, inLength, outRemaining);
            checkDataIn(iteration, inLength, outRemaining);
        }

        /** Fails with the command, buffer sizes and response; the description is only built on failure. */
        private void check(boolean ok, String problem, int iteration, int inLength, int outRemaining) {
            if (!ok) {
                throw new AssertionError("#" + iteration + " " + cdb + " in=" + inLength + " out=" + outRemaining
                    + " -> " + rsp + ": " + problem);
            }
        }

        private void checkStatus(int iteration, int inLength, int outRemaining) {
            if (rsp.status() == ScsiStatus.GOOD) {
                good++;
                check(rsp.sense() == null && rsp.senseLength() == 0, "GOOD with sense", iteration, inLength,
                    outRemaining);
                return;
            }
            check(rsp.status() == ScsiStatus.CHECK_CONDITION && rsp.sense() != null, "status", iteration, inLength,
                outRemaining);
            int key = rsp.sense().key();
            check(key == SenseKey.ILLEGAL_REQUEST || key == SenseKey.DATA_PROTECT || key == SenseKey.MISCOMPARE,
                "unexpected sense key (I/O error or bug)", iteration, inLength, outRemaining);
            check(rsp.dataInLength() == 0, "data-in with CHECK CONDITION", iteration, inLength, outRemaining);
            ByteBuffer sense = ByteBuffer.allocate(rsp.senseLength());
            check(rsp.writeSense(sense) == SenseFormat.LENGTH && Sense.parseFixed(sense).sameCondition(rsp.sense()),
                "sense bytes do not parse back", iteration, inLength, outRemaining);
        }

        private void checkDataIn(int iteration, int inLength, int outRemaining) {
            int n = rsp.dataInLength();
            check(n >= 0 && n <= inLength, "dataInLength outside the buffer", iteration, inLength, outRemaining);
            for (int i = 0; i < GUARD; i++) {
                check(inArray[i] == CANARY, "guard before data-in overwritten", iteration, inLength, outRemaining);
            }
            for (int i = GUARD + n; i < inLength + 2 * GUARD; i++) {
                check(inArray[i] == CANARY, "byte " + (i - GUARD) + " written past dataInLength", iteration,
                    inLength, outRemaining);
            }
            if (rsp.isGood() && scsi.dataDirection(cdb) == DataDirection.IN) {
                boolean consistent = rsp.isOverflow() ? n == inLength : n + rsp.residualCount() == inLength;
                check(consistent, "residual disagrees with data-in", iteration, inLength, outRemaining);
            }
        }

        private byte[] nextCdb() {
            int kind = rnd.nextInt(10);
            if (kind < 3) {
                byte[] b = new byte[rnd.nextInt(21)];
                rnd.nextBytes(b);
                return b;
            }
            byte[] b = template(OPCODES[rnd.nextInt(OPCODES.length)]);
            if (kind < 6) {
                for (int flips = 1 + rnd.nextInt(3); flips > 0; flips--) {
                    int at = rnd.nextInt(b.length);
                    b[at] = rnd.nextBoolean() ? (byte) (b[at] ^ (1 << rnd.nextInt(8))) : (byte) rnd.nextInt(256);
                }
            }
            return b;
        }

        /** A plausible CDB of {@code op}: mostly in-range LBAs and modest lengths, sometimes the edges. */
        private byte[] template(int op) {
            int len = Math.max(Cdb.lengthOfGroup(op >>> 5), 6);
            byte[] b = new byte[rnd.nextInt(5) == 0 ? 16 : len];
            b[0] = (byte) op;
            b[1] = (byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(256) : 0);
            long lba = pickLba();
            long count = pickCount();
            ByteBuffer w = ByteBuffer.wrap(b);
            switch (len) {
                case 6 -> {
                    b[1] |= (byte) ((lba >>> 16) & 0x1F);
                    w.putShort(2, (short) lba);
                    b[4] = (byte) count;
                }
                case 10 -> {
                    w.putInt(2, (int) lba);
                    w.putShort(7, (short) count);
                }
                case 12 -> {
                    w.putInt(2, (int) lba);
                    w.putInt(6, (int) count);
                }
                default -> {
                    w.putLong(2, lba);
                    w.putInt(10, (int) count);
                }
            }
            if (op == 0x9E) {
                b[1] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(32) : 0x10);
            }
            if (op == 0x41 || op == 0x93) {
                b[1] = (byte) new int[] {0, 0x08, 0x09, b[1]}[rnd.nextInt(4)];
            }
            if (op == 0x42) {
                w.putShort(7, (short) (8 + 16 * rnd.nextInt(6)));
            }
            if (op == 0xA3) {
                b[1] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(32) : 0x0C);
                b[2] = (byte) rnd.nextInt(256);
                b[3] = (byte) OPCODES[rnd.nextInt(OPCODES.length)];
            }
            if (op == 0x89) {
                b[13] = (byte) rnd.nextInt(3);
            }
            if (op == 0x12 || op == 0x1A || op == 0x5A) {
                b[2] = (byte) (rnd.nextBoolean() ? 0x3F : new int[] {0, 0x80, 0x83, 0xB0, 0xB1, 0xB2, 1, 8, 10}[
                    rnd.nextInt(9)]);
            }
            return b;
        }

        private long pickLba() {
            switch (rnd.nextInt(8)) {
                case 0: return blocks - 1;
                case 1: return blocks;
                case 2: return blocks + 1;
                case 3: return rnd.nextLong();
                default: return rnd.nextLong(blocks);
            }
        }

        private long pickCount() {
            switch (rnd.nextInt(8)) {
                case 0: return 0;
                case 1: return 1;
                case 2: return 0xFFFF_FFFFL;
                case 3: return rnd.nextLong(1L << 32);
                default: return rnd.nextInt(129);
            }
        }

        /** Data-out: usually exactly what the CDB asks for (so writes happen), sometimes random sizes. */
        private byte[] nextDataOut(Cdb c, int offset) {
            long expected = scsi.expectedDataOutLength(c);
            int length = rnd.nextInt(3) > 0 && expected <= MAX_IN ? (int) expected : rnd.nextInt(4097);
            byte[] b = new byte[length + offset];
            if (c.opcode() == ScsiOpcode.UNMAP && length >= 8 && rnd.nextBoolean()) {
                ByteBuffer list = ByteBuffer.wrap(b, offset, length).slice();
                int descriptors = Math.max(0, (length - 8) / 16);
                list.putShort(0, (short) (length - 2)).putShort(2, (short) (16 * descriptors));
                for (int i = 0; i < descriptors && 8 + 16 * i + 16 <= length; i++) {
                    list.putLong(8 + 16 * i, pickLba()).putInt(16 + 16 * i, (int) Math.min(pickCount(), 64));
                }
            } else if (rnd.nextBoolean()) {
                rnd.nextBytes(b);
            }
            return b;
        }
    }
}
