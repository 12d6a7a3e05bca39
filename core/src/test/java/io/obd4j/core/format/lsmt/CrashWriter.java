package io.obd4j.core.format.lsmt;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The child process of {@link LsmtCrashSafetyTest}: opens a writable layer and applies the deterministic op
 * sequence of its seed, flushing every {@code flushEvery} ops and printing {@code A <n>} once ops {@code [0, n)} are
 * acknowledged by a returned flush. It runs until it is killed. Kept tiny so the JVM starts fast.
 */
public final class CrashWriter {
    static final int MAX_SECTORS = 32;

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path index = Path.of(args[1]);
        long seed = Long.parseLong(args[2]);
        long vsize = Long.parseLong(args[3]);
        int flushEvery = Integer.parseInt(args[4]);
        PrintStream out = System.out;
        try (LsmtWritableFile f = LsmtWritableFile.open(data, index, true)) {
            out.println("R");
            out.flush();
            ByteBuffer buf = ByteBuffer.allocate(MAX_SECTORS * 512).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; ; i++) {
                long[] op = op(seed, i, vsize);
                if (op[0] == 1) {
                    f.discard(op[1], op[2]);
                } else {
                    fill(seed, i, op[1], (int) op[2], buf);
                    f.write(buf, op[1]);
                }
                if ((i + 1) % flushEvery == 0) {
                    f.flush();
                    out.println("A " + (i + 1));
                    out.flush();
                }
            }
        }
    }

    /** Op {@code i} of {@code seed}: {kind (0 write, 1 discard), byte offset, byte length}. */
    static long[] op(long seed, int i, long vsize) {
        long h = OpPatterns.splitmix64(seed * 0x9E3779B97F4A7C15L + i);
        int sectors = 1 + (int) Long.remainderUnsigned(h >>> 8, MAX_SECTORS);
        long maxStart = vsize / 512 - sectors;
        long start = Long.remainderUnsigned(h >>> 20, maxStart + 1);
        return new long[] {(h & 15) == 0 ? 1 : 0, start * 512, sectors * 512L};
    }

    /** The bytes op {@code i} writes: each LE u64 identifies seed, op and position. */
    static void fill(long seed, int i, long offset, int length, ByteBuffer buf) {
        buf.clear().limit(length);
        for (int w = 0; w < length; w += 8) {
            buf.putLong(w, OpPatterns.splitmix64(seed ^ ((long) i << 32) ^ (offset + w)));
        }
    }
}
