package io.obd4j.bench;

import io.obd4j.core.image.LayerStack;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Times the reads of {@link ImageReadBenchmark} in CPU time of the reading thread
 * ({@link ThreadMXBean#getCurrentThreadCpuTime}) as well as wall-clock time, so that results on a machine shared with
 * other work can be compared with the C++ table: CPU time does not count the time the thread waited for a core.
 * Kernel time of {@code pread} is included in the thread's CPU time. Prints the median of {@code rounds} rounds
 * after {@code rounds} warm-up rounds.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.obd4j.bench.ReadCpuProbe [set ...]</pre>
 */
public final class ReadCpuProbe {
    private static final int ROUNDS = 5;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ReadCpuProbe() {
    }

    public static void main(String[] args) throws IOException {
        List<String> sets = args.length == 0 ? ImageSets.NAMES : List.of(args);
        System.out.printf("%-9s %15s %15s %15s %15s %15s %15s%n", "set", "rnd4k IOPS cpu", "rnd4k IOPS wall",
                "seq1m MiB/s cpu", "seq1m MiB/s wall", "seq4k IOPS cpu", "seq4k IOPS wall");
        for (String set : sets) {
            try (LayerStack stack = ImageSets.open(set, ImageSets.dir())) {
                double[] rnd = measure(stack, Pattern.RANDOM_4K);
                double[] seq = measure(stack, Pattern.SEQUENTIAL_1M);
                double[] seq4k = measure(stack, Pattern.SEQUENTIAL_4K);
                System.out.printf("%-9s %15.0f %15.0f %15.0f %15.0f %15.0f %15.0f%n", set, rnd[0], rnd[1], seq[0],
                        seq[1], seq4k[0], seq4k[1]);
            }
        }
    }

    private enum Pattern { RANDOM_4K, SEQUENTIAL_1M, SEQUENTIAL_4K }

    /** {reads per CPU second, per wall second} (1 MiB reads/s = MiB/s, the C++ table's "MB/s"), medians. */
    private static double[] measure(LayerStack stack, Pattern pattern) throws IOException {
        boolean large = pattern == Pattern.SEQUENTIAL_1M;
        boolean random = pattern == Pattern.RANDOM_4K;
        ByteBuffer buf = ByteBuffer.allocateDirect(large ? 1 << 20 : 4096);
        long[] offsets = ImageReadBenchmark.randomOffsets();
        int ops = large ? 1024 : offsets.length * 2;
        double[] cpu = new double[ROUNDS];
        double[] wall = new double[ROUNDS];
        for (int r = -ROUNDS; r < ROUNDS; r++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                buf.clear();
                long at = random ? offsets[i & (offsets.length - 1)] : large ? (long) i << 20 : (long) i << 12;
                stack.read(buf, at);
            }
            long c = THREADS.getCurrentThreadCpuTime() - c0;
            long w = System.nanoTime() - w0;
            if (r >= 0) {
                cpu[r] = ops / (c / 1e9);
                wall[r] = ops / (w / 1e9);
            }
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        return new double[] {cpu[ROUNDS / 2], wall[ROUNDS / 2]};
    }
}
