package io.obd4j.bench;

import io.obd4j.core.image.RawFileDevice;
import io.obd4j.core.scsi.Cdb;
import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.core.scsi.ScsiResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Cost of the SCSI layer on the read hot path: READ(10) through {@link ScsiDevice} (reused Cdb and response, as a
 * front end does) against the same positional read straight from {@link RawFileDevice}, page cache warm; and an
 * emulated INQUIRY. Compare the two read numbers for the layer's overhead; {@code -prof gc} shows its allocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScsiReadBenchmark {
    private static final long FILE_SIZE = 64L << 20;

    @Param({"4096", "131072"})
    int readBytes;

    private Path file;
    private RawFileDevice raw;
    private ScsiDevice scsi;
    private final Cdb cdb = new Cdb();
    private final ScsiResponse response = new ScsiResponse();
    private final byte[] cdbBytes = new byte[10];
    private final ByteBuffer cdbBuffer = ByteBuffer.wrap(cdbBytes);
    private final byte[] inquiry = {0x12, 0, 0, 0, 36, 0};
    private final ByteBuffer inquiryBuffer = ByteBuffer.wrap(inquiry);
    private ByteBuffer dataIn;
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path dir = Files.isWritable(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty(
            "java.io.tmpdir"));
        file = Files.createTempFile(dir, "obd4j-bench", ".raw");
        raw = RawFileDevice.create(file, FILE_SIZE);
        ByteBuffer fill = ByteBuffer.allocate(1 << 20);
        for (long at = 0; at < FILE_SIZE; at += fill.capacity()) {
            random.nextBytes(fill.array());
            raw.write(fill.clear(), at);
        }
        scsi = ScsiDevice.builder(raw).build();
        dataIn = ByteBuffer.allocateDirect(readBytes);
        cdbBytes[0] = 0x28;
        cdbBytes[7] = (byte) ((readBytes / 512) >>> 8);
        cdbBytes[8] = (byte) (readBytes / 512);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        raw.close();
        Files.deleteIfExists(file);
    }

    private long nextLba() {
        return random.nextLong((FILE_SIZE - readBytes) / 4096) * 8;
    }

    @Benchmark
    public int scsiRead10() {
        long lba = nextLba();
        cdbBuffer.putInt(2, (int) lba);
        scsi.execute(cdb.wrap(cdbBuffer), null, dataIn, response);
        return response.dataInLength();
    }

    @Benchmark
    public int directRead() throws IOException {
        long lba = nextLba();
        dataIn.clear();
        raw.read(dataIn, lba * 512);
        return dataIn.position();
    }

    @Benchmark
    public int scsiInquiry() {
        scsi.execute(cdb.wrap(inquiryBuffer), null, dataIn, response);
        return response.dataInLength();
    }
}
