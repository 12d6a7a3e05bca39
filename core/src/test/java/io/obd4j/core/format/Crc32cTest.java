package io.obd4j.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Crc32cTest {
    private static final byte[] DIGITS = "123456789".getBytes(StandardCharsets.US_ASCII);

    /** The plain 256-entry table implementation of crc32c.cpp: the reference. */
    static final class TableCrc32c {
        private static final int[] TABLE = new int[256];

        static {
            for (int i = 0; i < 256; i++) {
                int c = i;
                for (int k = 0; k < 8; k++) {
                    c = (c & 1) != 0 ? (c >>> 1) ^ 0x82F63B78 : c >>> 1;
                }
                TABLE[i] = c;
            }
        }

        static int extend(int seed, byte[] data, int off, int len) {
            int c = seed;
            for (int i = off; i < off + len; i++) {
                c = TABLE[(c ^ data[i]) & 0xFF] ^ (c >>> 8);
            }
            return c;
        }
    }

    @Test
    void specTestVectors() {
        assertThat(Crc32c.compute(0, DIGITS)).isEqualTo(0x58E3FA20);
        assertThat(Crc32c.compute(100007, DIGITS)).isEqualTo(0x3C9BD4E0);
        assertThat(Crc32c.compute(Crc32c.ZFILE_BLOCK_SEED, new byte[4096])).isEqualTo(0x18746CCD);
        assertThat(TableCrc32c.extend(0, DIGITS, 0, 9)).isEqualTo(0x58E3FA20);
        assertThat(TableCrc32c.extend(100007, new byte[4096], 0, 4096)).isEqualTo(0x18746CCD);
    }

    @Test
    void extendingInPiecesEqualsOnePass() {
        byte[] data = new byte[10_000];
        new SplittableRandom(7).nextBytes(data);
        int whole = Crc32c.compute(100007, data);
        int a = Crc32c.compute(100007, data, 0, 3333);
        assertThat(Crc32c.compute(a, data, 3333, data.length - 3333)).isEqualTo(whole);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 100007})
    void agreesWithTheTableOnRandomInputsAndSeeds(long rngSeed) {
        SplittableRandom rnd = new SplittableRandom(rngSeed);
        ByteBuffer direct = ByteBuffer.allocateDirect(70_000);
        for (int round = 0; round < 2000; round++) {
            int len = rnd.nextInt(round % 10 == 0 ? 70_000 : 300);
            int off = rnd.nextInt(0, 8);
            byte[] data = new byte[off + len];
            rnd.nextBytes(data);
            int seed = switch (round % 4) {
                case 0 -> 0;
                case 1 -> Crc32c.ZFILE_BLOCK_SEED;
                case 2 -> -1;
                default -> rnd.nextInt();
            };
            int expected = TableCrc32c.extend(seed, data, off, len);
            assertThat(Crc32c.compute(seed, data, off, len)).as("len %d seed %08x", len, seed).isEqualTo(expected);
            direct.clear();
            direct.put(data).position(3);
            assertThat(Crc32c.compute(seed, direct, off, len)).isEqualTo(expected);
            assertThat(direct.position()).isEqualTo(3);
            assertThat(Crc32c.compute(seed, ByteBuffer.wrap(data), off, len)).isEqualTo(expected);
        }
    }
}
