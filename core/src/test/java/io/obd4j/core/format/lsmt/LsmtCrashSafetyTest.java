package io.obd4j.core.format.lsmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at random moments, 200 times, reopening the same layer after each kill:
 * it must open (every index record inside the data file), and every op acknowledged by a flush must read back,
 * unless a later, unacknowledged op of the same run covers it (then either version may be there).
 */
class LsmtCrashSafetyTest {
    private static final int ROUNDS = 200;
    private static final long VSIZE = 1 << 20;
    private static final int[] FLUSH_EVERY = {1, 3, 16};

    @TempDir
    Path dir;

    @Test
    void survivesSigkillAtRandomMoments() throws Exception {
        Path data = dir.resolve("c.data");
        Path index = dir.resolve("c.index");
        LsmtWritableFile.create(data, index, LayerInfo.of(VSIZE)).close();
        byte[] image = new byte[(int) VSIZE];
        SplittableRandom rnd = new SplittableRandom(42);
        long totalAcked = 0;
        int roundsWithAcks = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long seed = 1000 + round;
            int flushEvery = FLUSH_EVERY[round % FLUSH_EVERY.length];
            int acked = runAndKill(data, index, seed, flushEvery, rnd.nextInt(150));
            totalAcked += acked;
            roundsWithAcks += acked > 0 ? 1 : 0;
            image = verify(data, index, seed, acked, flushEvery, image, round);
        }
        assertThat(roundsWithAcks).as("rounds in which the child acknowledged writes").isGreaterThan(ROUNDS / 2);
        assertThat(totalAcked).isGreaterThan(1000);
    }

    /** Runs the child until {@code delayMs} after it is ready, SIGKILLs it, returns the last acknowledged count. */
    private static int runAndKill(Path data, Path index, long seed, int flushEvery, int delayMs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx48m", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), data.toString(), index.toString(), Long.toString(seed),
                Long.toString(VSIZE), Integer.toString(flushEvery))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertThat(first).as("child did not start").isEqualTo("R");
        Thread.sleep(delayMs);
        // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the pipe and lose
        // acknowledgements the child printed just before it died.
        p.toHandle().destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int acked = 0;
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("A ")) {
                acked = Integer.parseInt(line.substring(2));
            }
        }
        return acked;
    }

    private static byte[] verify(Path data, Path index, long seed, int acked, int flushEvery, byte[] before,
                                 int round) throws Exception {
        byte[] expected = before.clone();
        ByteBuffer buf = ByteBuffer.allocate(CrashWriter.MAX_SECTORS * 512).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < acked; i++) {
            apply(seed, i, expected, buf);
        }
        // Ops after the last acknowledgement may or may not have landed: a flush may have finished unprinted.
        List<byte[]> alternatives = new ArrayList<>();
        byte[] alt = expected.clone();
        for (int i = acked; i < acked + 3 * flushEvery + 2; i++) {
            apply(seed, i, alt, buf);
            alternatives.add(alt.clone());
        }
        byte[] actual = new byte[(int) VSIZE];
        try (LsmtWritableFile f = LsmtWritableFile.open(data, index, false)) {
            long dataSectors = Files.size(data) / 512;
            f.index().forEach((o, l, m, z, t) -> assertThat(z ? m : m + l).isLessThanOrEqualTo(dataSectors));
            f.read(ByteBuffer.wrap(actual), 0);
        }
        for (int s = 0; s < VSIZE / 512; s++) {
            if (sectorEquals(actual, expected, s)) {
                continue;
            }
            boolean ok = false;
            for (byte[] a : alternatives) {
                ok |= sectorEquals(actual, a, s);
            }
            assertThat(ok).as("round %d (seed %d, %d acked): sector %d is neither the acknowledged content nor a "
                    + "later op's", round, seed, acked, s).isTrue();
        }
        return actual;
    }

    private static void apply(long seed, int i, byte[] image, ByteBuffer buf) {
        long[] op = CrashWriter.op(seed, i, VSIZE);
        if (op[0] == 1) {
            java.util.Arrays.fill(image, (int) op[1], (int) (op[1] + op[2]), (byte) 0);
        } else {
            CrashWriter.fill(seed, i, op[1], (int) op[2], buf);
            buf.get(0, image, (int) op[1], (int) op[2]);
        }
    }

    private static boolean sectorEquals(byte[] a, byte[] b, int s) {
        return java.util.Arrays.equals(a, s * 512, s * 512 + 512, b, s * 512, s * 512 + 512);
    }
}
