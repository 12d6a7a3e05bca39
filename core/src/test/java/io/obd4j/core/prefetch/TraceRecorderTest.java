package io.obd4j.core.prefetch;

import io.obd4j.core.format.lsmt.ByteArraySource;
import io.obd4j.core.io.BlockSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class TraceRecorderTest {
    @TempDir
    Path dir;

    @Test
    void concurrentAppendsAreAllKept() throws Exception {
        TraceRecorder r = new TraceRecorder(1 << 16);
        int threads = 4;
        int each = 10_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int layer = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    r.recordRead(layer, 512, i * 512L);
                }
            });
            th.start();
            ts.add(th);
        }
        go.countDown();
        for (Thread th : ts) {
            th.join();
        }
        List<TraceRecord> got = r.stop();
        assertThat(got).hasSize(threads * each);
        Set<TraceRecord> unique = new HashSet<>(got);
        assertThat(unique).hasSize(threads * each);
        r.recordRead(0, 512, 0);
        assertThat(r.stop()).hasSize(threads * each);
        assertThat(r.isStopped()).isTrue();
    }

    @Test
    void aFullRecorderCountsWhatItDrops() {
        TraceRecorder r = new TraceRecorder(5000);
        for (int i = 0; i < 5003; i++) {
            r.recordRead(0, 4096, i * 4096L);
        }
        assertThat(r.stop()).hasSize(5000).last().isEqualTo(TraceRecord.read(0, 4096, 4999 * 4096L));
        assertThat(r.dropped()).isEqualTo(3);
    }

    @Test
    void recordingSourceKeepsOnlyCompleteReads() throws IOException {
        TraceRecorder r = new TraceRecorder(16);
        BlockSource src = new ByteArraySource("bytes", new byte[10_000]);
        try (RecordingSource rec = new RecordingSource(src, 2, r)) {
            rec.read(ByteBuffer.allocate(4096), 0);
            rec.read(ByteBuffer.allocate(4096), 8192);
            rec.read(ByteBuffer.allocate(100), 20_000);
        }
        assertThat(r.stop()).containsExactly(TraceRecord.read(2, 4096, 0));
    }

    @Test
    void recordingEndsWhenTheLockFileIsRemovedAndDumpsTheTrace() throws Exception {
        Path trace = Files.createFile(dir.resolve("trace"));
        try (TraceRecording rec = TraceRecording.start(trace, 0)) {
            assertThat(dir.resolve("trace.lock")).exists();
            rec.recorder().recordRead(1, 8192, 65536);
            Files.delete(dir.resolve("trace.lock"));
            awaitDump(rec);
            rec.recorder().recordRead(1, 8192, 0);
            assertThat(rec.dumpedRecords()).isEqualTo(1);
        }
        assertThat(dir.resolve("trace.ok")).exists();
        assertThat(TraceFile.read(trace)).containsExactly(TraceRecord.read(1, 8192, 65536));
    }

    @Test
    void recordSecondsEndsRecordingOnItsOwn() throws Exception {
        Path trace = Files.createFile(dir.resolve("t3"));
        try (TraceRecording rec = TraceRecording.start(trace, 1)) {
            rec.recorder().recordRead(0, 4096, 0);
            awaitDump(rec);
            rec.recorder().recordRead(0, 4096, 4096);
            assertThat(rec.dumpedRecords()).isEqualTo(1);
            assertThat(dir.resolve("t3.lock")).doesNotExist();
        }
        assertThat(TraceFile.read(trace)).containsExactly(TraceRecord.read(0, 4096, 0));
    }

    private static void awaitDump(TraceRecording rec) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (rec.dumpedRecords() < 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void closingTheDeviceDumpsWhatWasRecorded() throws Exception {
        Path trace = Files.createFile(dir.resolve("t2"));
        TraceRecording rec = TraceRecording.start(trace, 0);
        rec.recorder().recordRead(0, 512, 1024);
        rec.close();
        assertThat(dir.resolve("t2.lock")).doesNotExist();
        assertThat(dir.resolve("t2.ok")).exists();
        assertThat(TraceFile.read(trace)).containsExactly(TraceRecord.read(0, 512, 1024));
    }
}
