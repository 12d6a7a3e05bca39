package io.obd4j.core.scsi;

import static io.obd4j.core.scsi.ScsiHarness.cdb10;
import static io.obd4j.core.scsi.ScsiHarness.cdb16;
import static io.obd4j.core.scsi.ScsiHarness.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The threading contract: one ScsiDevice, many threads calling execute at once. */
class ConcurrentExecuteTest {
    static final int THREADS = 4;

    @TempDir
    Path dir;

    @Test
    void parallelWritesAndReadsOfDisjointRangesSeeTheirOwnData() throws Exception {
        try (ScsiHarness lun = ScsiHarness.create(dir, 512, THREADS * 64)) {
            runAll(t -> {
                Cdb cdb = new Cdb();
                ScsiResponse rsp = new ScsiResponse();
                ByteBuffer in = ByteBuffer.allocate(8 * 512);
                for (int i = 0; i < 200; i++) {
                    long lba = t * 64L + (i % 8) * 8;
                    byte[] data = pattern(8 * 512, t * 1000 + i);
                    lun.device.execute(cdb.wrap(ByteBuffer.wrap(cdb10(0x2A, 0, lba, 8))), ByteBuffer.wrap(data), null,
                        rsp);
                    assertThat(rsp.isGood()).isTrue();
                    lun.device.execute(cdb.wrap(ByteBuffer.wrap(cdb10(0x28, 0, lba, 8))), null, in, rsp);
                    assertThat(rsp.isGood()).isTrue();
                    assertThat(in.array()).containsExactly(data);
                }
            });
        }
    }

    @Test
    void compareAndWriteIncrementsAreNotLost() throws Exception {
        try (ScsiHarness lun = ScsiHarness.create(dir, 512, 16)) {
            int perThread = 100;
            runAll(t -> {
                ByteBuffer in = ByteBuffer.allocate(512);
                int done = 0;
                while (done < perThread) {
                    lun.device.execute(ByteBuffer.wrap(cdb10(0x28, 0, 3, 1)), null, in.clear());
                    byte[] old = in.array().clone();
                    byte[] next = old.clone();
                    ByteBuffer.wrap(next).putLong(0, ByteBuffer.wrap(old).getLong(0) + 1);
                    byte[] caw = cdb16(0x89, 0, 3, 0);
                    caw[13] = 1;
                    byte[] data = Arrays.copyOf(old, 1024);
                    System.arraycopy(next, 0, data, 512, 512);
                    ScsiResponse rsp = lun.device.execute(ByteBuffer.wrap(caw), ByteBuffer.wrap(data), null);
                    if (rsp.isGood()) {
                        done++;
                    } else {
                        assertThat(rsp.sense().sameCondition(Sense.MISCOMPARE_DURING_VERIFY)).isTrue();
                    }
                }
            });
            ScsiHarness.Result r = lun.in(cdb10(0x28, 0, 3, 1), 512);
            assertThat(ByteBuffer.wrap(r.data()).getLong(0)).isEqualTo((long) THREADS * perThread);
        }
    }

    interface Body {
        void run(int thread) throws Exception;
    }

    private static void runAll(Body body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    body.run(id);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
