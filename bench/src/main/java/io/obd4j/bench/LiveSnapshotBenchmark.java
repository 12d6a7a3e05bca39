package io.obd4j.bench;

import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.image.Image;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The live restack behind a volume snapshot ({@link Image#restack}): seal the writable layer holding
 * {@code records} random 4 KiB writes (index written and fsynced at its end), reopen it read-only and stack the
 * new writable layer. I/O waits on the image's write lock for this long, so it is the snapshot's I/O pause.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LiveSnapshotBenchmark {
    private static final long VSIZE = 1L << 30;
    private static final int BLOCK = 4096;

    @Param({"1000", "100000"})
    public int records;

    private Path dir;
    private Image image;
    private RwLayer next;
    private int round;

    @Setup(Level.Invocation)
    public void fill() throws IOException {
        dir = Files.createTempDirectory("obd4j-bench-snap");
        RwLayer upper = RwLayer.create(dir.resolve("u.data"), dir.resolve("u.index"), LayerInfo.of(VSIZE));
        image = Image.open(null, upper);
        SplittableRandom random = new SplittableRandom(11 + round++);
        ByteBuffer b = ByteBuffer.allocate(BLOCK);
        for (int i = 0; i < records; i++) {
            b.clear();
            image.write(b, random.nextLong(VSIZE / BLOCK) * BLOCK);
        }
        image.flush();
        next = RwLayer.create(dir.resolve("n.data"), dir.resolve("n.index"), LayerInfo.of(VSIZE));
    }

    @TearDown(Level.Invocation)
    public void remove() throws IOException {
        image.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public Image restack() throws IOException {
        image.restack(next);
        return image;
    }
}
