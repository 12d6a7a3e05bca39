package io.obd4j.bench;

import java.nio.charset.StandardCharsets;

/**
 * The {@code mixed:S} data pattern of the C++ fixture driver ({@code gen_sector} in
 * shared/fixtures/overlaybd/obdtool.cpp), so that compressed benchmark layers hold the same kind of data as the C++
 * reference layers: per 4 KiB virtual block {@code b}, {@code k = splitmix64(S ^ (b * 0x10001)) % 4} picks
 * incompressible splitmix64 words, 64-byte text lines, a one-byte fill, or splitmix64 words in the first 2 KiB and
 * zeros in the last 2 KiB. The content is a pure function of the virtual byte offset.
 */
final class MixedPattern {
    private static final String[] WORDS = {"overlay", "block", "device", "layer", "index", "segment", "mapping",
        "zfile", "lsmt", "photon", "commit", "sector", "lorem", "ipsum", "dolor", "sit", "amet", "java", "tar", "crc"};
    private static final int SECTOR = 512;

    private final long seed;

    MixedPattern(long seed) {
        this.seed = seed;
    }

    static long splitmix64(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Fills {@code len} bytes (a multiple of 512) of {@code out} from {@code off} with the data at {@code voff}. */
    void fill(byte[] out, int off, int len, long voff) {
        for (int s = 0; s < len; s += SECTOR) {
            sector(out, off + s, voff + s);
        }
    }

    private void sector(byte[] out, int at, long voff) {
        long k = splitmix64(seed ^ ((voff >>> 12) * 0x10001L));
        switch ((int) (k & 3)) {
            case 0 -> prng(out, at, voff);
            case 1 -> text(out, at, voff);
            case 2 -> java.util.Arrays.fill(out, at, at + SECTOR, (byte) (k >>> 8));
            default -> {
                if ((voff & 4095) < 2048) {
                    prng(out, at, voff);
                } else {
                    java.util.Arrays.fill(out, at, at + SECTOR, (byte) 0);
                }
            }
        }
    }

    private void prng(byte[] out, int at, long voff) {
        for (int i = 0; i < 64; i++) {
            long v = splitmix64(seed + (voff + i * 8L) / 8);
            for (int b = 0; b < 8; b++) {
                out[at + i * 8 + b] = (byte) (v >>> (8 * b));
            }
        }
    }

    private void text(byte[] out, int at, long voff) {
        for (int l = 0; l < 8; l++) {
            long lineOffset = voff + l * 64L;
            long h = splitmix64(seed ^ (lineOffset / 64));
            String line = String.format("%016x %s %s %s %s %s", lineOffset, word(h), word(h >>> 8), word(h >>> 16),
                    word(h >>> 24), word(h >>> 32));
            byte[] b = line.getBytes(StandardCharsets.US_ASCII);
            int base = at + l * 64;
            java.util.Arrays.fill(out, base, base + 63, (byte) '.');
            System.arraycopy(b, 0, out, base, Math.min(b.length, 63));
            out[base + 63] = '\n';
        }
    }

    private static String word(long h) {
        return WORDS[(int) Long.remainderUnsigned(h, WORDS.length)];
    }
}
