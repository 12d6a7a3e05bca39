package io.obd4j.core.format.lsmt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The fixtures' write patterns: a port of {@code gen_sector()} in shared/fixtures/overlaybd/obdtool.cpp. */
final class OpPatterns {
    private static final String[] WORDS = {"overlay", "block", "device", "layer", "index", "segment", "mapping",
        "zfile", "lsmt", "photon", "commit", "sector", "lorem", "ipsum", "dolor", "sit", "amet", "java", "tar",
        "crc"};

    private OpPatterns() {
    }

    static long splitmix64(long z0) {
        long z = z0 + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Fills {@code len} bytes (multiple of 512) of pattern {@code spec} for virtual offset {@code voff}. */
    static ByteBuffer generate(String spec, long voff, int len) {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < len; s += 512) {
            sector(spec, voff + s, b, s);
        }
        return b;
    }

    static void sector(String spec, long voff, ByteBuffer out, int at) {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        long arg = colon < 0 ? 0 : Long.parseUnsignedLong(spec.substring(colon + 1));
        sector(kind, arg, voff, out, at);
    }

    private static void sector(String kind, long arg, long voff, ByteBuffer out, int at) {
        switch (kind) {
            case "zero" -> fill(out, at, 0);
            case "fill" -> fill(out, at, (int) (arg & 0xFF));
            case "offset" -> {
                for (int i = 0; i < 64; i++) {
                    out.putLong(at + i * 8, voff + i * 8L);
                }
            }
            case "prng" -> {
                for (int i = 0; i < 64; i++) {
                    out.putLong(at + i * 8, splitmix64(arg + (voff + i * 8L) / 8));
                }
            }
            case "text" -> text(arg, voff, out, at);
            case "mixed" -> {
                long k = splitmix64(arg ^ ((voff / 4096) * 0x10001L));
                switch ((int) (k & 3)) {
                    case 0 -> sector("prng", arg, voff, out, at);
                    case 1 -> sector("text", arg, voff, out, at);
                    case 2 -> fill(out, at, (int) ((k >>> 8) & 0xFF));
                    default -> sector(voff % 4096 < 2048 ? "prng" : "zero", arg, voff, out, at);
                }
            }
            default -> throw new IllegalArgumentException("unknown pattern " + kind);
        }
    }

    private static void text(long arg, long voff, ByteBuffer out, int at) {
        for (int l = 0; l < 8; l++) {
            long line = (voff + l * 64L) / 64;
            long h = splitmix64(arg ^ line);
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%016x", voff + l * 64L));
            for (int w = 0; w < 5; w++) {
                sb.append(' ').append(WORDS[(int) Long.remainderUnsigned(h >>> (8 * w), 20)]);
            }
            while (sb.length() < 63) {
                sb.append('.');
            }
            sb.setLength(63);
            sb.append('\n');
            out.put(at + l * 64, sb.toString().getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void fill(ByteBuffer out, int at, int v) {
        for (int i = 0; i < 512; i++) {
            out.put(at + i, (byte) v);
        }
    }
}
