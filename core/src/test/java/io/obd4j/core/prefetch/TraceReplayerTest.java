package io.obd4j.core.prefetch;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TraceReplayerTest {

    /** Remembers every read as "layer:offset+length". */
    static PrefetchTarget recording(int layer, List<String> reads, long size) {
        return (dst, offset) -> {
            int n = (int) Math.max(0, Math.min(dst.remaining(), size - offset));
            reads.add(layer + ":" + offset + "+" + n);
            dst.position(dst.position() + n);
            return n;
        };
    }

    static void awaitEnd(PrefetchProgress p) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!p.finished() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void replaysEveryRangeSplittingAtOneMibAndSkippingUnknownLayers() throws Exception {
        List<String> reads = Collections.synchronizedList(new ArrayList<>());
        List<TraceRecord> trace = List.of(TraceRecord.read(0, 4096, 0), TraceRecord.read(1, (3 << 20) + 512, 8192),
                TraceRecord.read(7, 512, 0), new TraceRecord(TraceFormat.OP_WRITE, 0, 512, 0),
                TraceRecord.read(1, 4096, 100L << 20));
        AtomicLong listened = new AtomicLong();
        PrefetchProgress p = new PrefetchProgress("trace");
        try (TraceReplayer r = TraceReplayer.start("t", p, () -> trace, Map.of(0, recording(0, reads, 1 << 30),
                1, recording(1, reads, 1 << 30)), 3, listened::addAndGet)) {
            awaitEnd(p);
            assertThat(r.progress()).isSameAs(p);
        }
        assertThat(p.state()).isEqualTo(PrefetchProgress.State.DONE);
        assertThat(reads).containsExactlyInAnyOrder("0:0+4096", "1:8192+1048576", "1:1056768+1048576",
                "1:2105344+1048576", "1:3153920+512", "1:104857600+4096");
        assertThat(p.rangesTotal()).isEqualTo(7);
        assertThat(p.rangesDone()).isEqualTo(6);
        assertThat(p.skipped()).isEqualTo(1);
        assertThat(p.bytesDone()).isEqualTo(4096 + (3 << 20) + 512 + 4096).isEqualTo(listened.get());
    }

    @Test
    void shortReadsCountAsFailedNotDone() throws Exception {
        List<String> reads = Collections.synchronizedList(new ArrayList<>());
        PrefetchProgress p = new PrefetchProgress("trace");
        try (TraceReplayer r = TraceReplayer.start("t", p, () -> List.of(TraceRecord.read(0, 8192, 4096)),
                Map.of(0, recording(0, reads, 8192)), 2, b -> { })) {
            awaitEnd(p);
        }
        assertThat(p.failed()).isEqualTo(1);
        assertThat(p.rangesDone()).isZero();
    }

    @Test
    void aFailingPlanEndsInFailedWithTheReason() throws Exception {
        PrefetchProgress p = new PrefetchProgress("filelist");
        try (TraceReplayer r = TraceReplayer.start("t", p, () -> {
            throw new java.io.IOException("list.txt: prefetch list file too large");
        }, Map.of(), 2, b -> { })) {
            awaitEnd(p);
        }
        assertThat(p.state()).isEqualTo(PrefetchProgress.State.FAILED);
        assertThat(p.error()).isEqualTo("list.txt: prefetch list file too large");
    }

    @Test
    void cancelStopsAfterTheReadsInFlight() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong count = new AtomicLong();
        PrefetchTarget slow = (dst, offset) -> {
            count.incrementAndGet();
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            int n = dst.remaining();
            dst.position(dst.limit());
            return n;
        };
        List<TraceRecord> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(TraceRecord.read(0, 512, i * 512L));
        }
        PrefetchProgress p = new PrefetchProgress("trace");
        TraceReplayer r = TraceReplayer.start("t", p, () -> many, Map.of(0, slow), 1, b -> { });
        started.await();
        r.cancel();
        release.countDown();
        r.close();
        assertThat(p.state()).isEqualTo(PrefetchProgress.State.CANCELLED);
        assertThat(count.get()).isEqualTo(1);
        assertThat(p.rangesDone()).isEqualTo(1);
    }

    @Test
    void targetOfADeviceClipsAtItsEnd(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = java.nio.file.Files.write(dir.resolve("dev"), new byte[4096]);
        try (io.obd4j.core.image.RawFileDevice dev = io.obd4j.core.image.RawFileDevice.open(f, true)) {
            PrefetchTarget t = PrefetchTarget.of(dev);
            assertThat(t.read(ByteBuffer.allocate(8192), 0)).isEqualTo(4096);
            assertThat(t.read(ByteBuffer.allocate(512), 4096)).isZero();
        }
    }
}
