package io.obd4j.core.format;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * overlaybd's CRC32C ({@code crc32/crc32c.cpp}): the raw reflected Castagnoli register (polynomial 0x82F63B78)
 * started from a caller-chosen seed, with <b>no</b> pre- or post-inversion. {@code compute(0, data)} is
 * overlaybd's {@code crc32c(data)}; {@code compute(seed, data)} is {@code crc32c_extend(data, seed)}, so a CRC over
 * several pieces is {@code compute(compute(seed, a), b)}.
 *
 * <p>The work is done by {@link CRC32C} (a JIT intrinsic), which always starts from the register 0xFFFFFFFF and
 * inverts its result. CRC is affine in the start register: processing four bytes {@code b} from register
 * {@code r} gives {@code M(r ^ le32(b))}, where {@code M} (32 zero-bit steps) is invertible. Feeding first the
 * four bytes {@code le32(0xFFFFFFFF ^ M⁻¹(seed))} therefore leaves exactly {@code seed} in the JDK's register,
 * and the JDK's final inversion is undone with {@code ~}. That costs one 4-byte update per call instead of the
 * O(log n) "shift by n zero bytes" of zlib's {@code crc32_combine}.
 *
 * <p>Thread-safe; allocates nothing per call.
 */
public final class Crc32c {
    /** The seed of ZFile's per-block CRC ({@code NOI_WELL_KNOWN_PRIME}). */
    public static final int ZFILE_BLOCK_SEED = 100007;

    private static final int POLY = 0x82F63B78;
    private static final ThreadLocal<CRC32C> JDK = ThreadLocal.withInitial(CRC32C::new);
    private static final byte[] PREFIX_ZERO = prefix(0);
    private static final byte[] PREFIX_BLOCK = prefix(ZFILE_BLOCK_SEED);

    private Crc32c() {
    }

    /** Raw CRC32C of {@code data[off, off + len)} starting from {@code seed}. */
    public static int compute(int seed, byte[] data, int off, int len) {
        CRC32C crc = start(seed);
        crc.update(data, off, len);
        return ~(int) crc.getValue();
    }

    /** Raw CRC32C of {@code data} starting from {@code seed}. */
    public static int compute(int seed, byte[] data) {
        return compute(seed, data, 0, data.length);
    }

    /**
     * Raw CRC32C of {@code buf[off, off + len)} (absolute indexes) starting from {@code seed}; the buffer's
     * position and limit are left as they were.
     */
    public static int compute(int seed, ByteBuffer buf, int off, int len) {
        CRC32C crc = start(seed);
        int pos = buf.position();
        int lim = buf.limit();
        try {
            buf.limit(off + len).position(off);
            crc.update(buf);
        } finally {
            buf.limit(lim).position(pos);
        }
        return ~(int) crc.getValue();
    }

    private static CRC32C start(int seed) {
        CRC32C crc = JDK.get();
        crc.reset();
        byte[] prefix = seed == 0 ? PREFIX_ZERO : seed == ZFILE_BLOCK_SEED ? PREFIX_BLOCK : prefix(seed);
        crc.update(prefix, 0, 4);
        return crc;
    }

    /** The four bytes that move the JDK's start register 0xFFFFFFFF to {@code seed}. */
    private static byte[] prefix(int seed) {
        int r = seed;
        for (int i = 0; i < 32; i++) {
            // One reflected step backwards: the forward step sets bit 31 exactly when it xored POLY in.
            r = (r & 0x80000000) != 0 ? ((r ^ POLY) << 1) | 1 : r << 1;
        }
        int b = ~r;
        return new byte[] {(byte) b, (byte) (b >>> 8), (byte) (b >>> 16), (byte) (b >>> 24)};
    }
}
