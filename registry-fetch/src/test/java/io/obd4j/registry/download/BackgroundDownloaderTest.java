package io.obd4j.registry.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.testing.Fixtures;
import io.obd4j.registry.Digest;
import io.obd4j.registry.TestImages;
import io.obd4j.registry.cache.CountingSource;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundDownloaderTest {
    @TempDir
    Path tmp;
    final Path layer = Fixtures.layer("stack-l2.lsmt");

    static DownloadOptions fast(int maxMBps, int tries) {
        return new DownloadOptions(Duration.ofMillis(50), Duration.ZERO, maxMBps, tries, 65536);
    }

    BackgroundDownloader run(LayerDownload l, DownloadOptions o) throws Exception {
        BackgroundDownloader d = new BackgroundDownloader(List.of(l), o, AuditLog.disabled(), "t").start();
        assertThat(d.await(60_000)).isTrue();
        return d;
    }

    @Test
    void downloadsVerifiesAndSwitchesWhileReadsContinue() throws Exception {
        byte[] local = Files.readAllBytes(layer);
        CountingSource remote = new CountingSource(layer);
        remote.delayMillis = 2;
        SwitchableBlockSource sw = new SwitchableBlockSource(remote);
        LayerDownload l = new LayerDownload(tmp.resolve("l2"), TestImages.sha256(layer), local.length,
                new CountingSource(layer), sw);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            SplittableRandom rnd = new SplittableRandom(3);
            try {
                while (!done.get()) {
                    int off = rnd.nextInt(local.length - 4096);
                    ByteBuffer b = ByteBuffer.allocate(4096);
                    sw.readFully(b, off);
                    if (!Arrays.equals(b.array(), Arrays.copyOfRange(local, off, off + 4096))) {
                        throw new AssertionError("wrong bytes at " + off);
                    }
                    reads.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        run(l, fast(0, 2));
        int remoteReads = remote.reads.get();
        Thread.sleep(50);
        done.set(true);
        reader.join();
        assertThat(failure.get()).isNull();
        assertThat(l.progress().state()).isEqualTo(DownloadProgress.State.DONE);
        assertThat(l.progress().bytesDone()).isEqualTo(local.length);
        assertThat(sw.current()).isInstanceOf(LocalFileSource.class);
        assertThat(Files.readAllBytes(tmp.resolve("l2/overlaybd.commit"))).isEqualTo(local);
        assertThat(Files.exists(tmp.resolve("l2/.download"))).isFalse();
        assertThat(remote.reads.get()).isLessThanOrEqualTo(remoteReads + 1);
        assertThat(reads.get()).isPositive();
        sw.close();
    }

    @Test
    void forcedDigestMismatchDeletesAndGivesUpAfterTryCnt() throws Exception {
        CountingSource remote = new CountingSource(layer);
        SwitchableBlockSource sw = new SwitchableBlockSource(remote);
        Digest wrong = Digest.sha256(new byte[] {1});
        LayerDownload l = new LayerDownload(tmp.resolve("bad"), wrong, Files.size(layer), new CountingSource(layer),
                sw);
        run(l, fast(0, 3));
        assertThat(l.progress().state()).isEqualTo(DownloadProgress.State.FAILED);
        assertThat(l.progress().attempts()).isEqualTo(3);
        assertThat(l.progress().lastError()).contains("digest mismatch");
        assertThat(Files.exists(tmp.resolve("bad/.download"))).isFalse();
        assertThat(Files.exists(tmp.resolve("bad/overlaybd.commit"))).isFalse();
        assertThat(sw.current()).isSameAs(remote);
    }

    @Test
    void transientCorruptionIsRetriedFromScratch() throws Exception {
        CountingSource src = new CountingSource(layer);
        src.corruptReads = 1;
        SwitchableBlockSource sw = new SwitchableBlockSource(new CountingSource(layer));
        LayerDownload l = new LayerDownload(tmp.resolve("t"), TestImages.sha256(layer), Files.size(layer), src, sw);
        run(l, fast(0, 5));
        assertThat(l.progress().state()).isEqualTo(DownloadProgress.State.DONE);
        assertThat(l.progress().attempts()).isEqualTo(2);
        assertThat(src.bytes.get()).isEqualTo(2 * Files.size(layer));
        assertThat(sw.current()).isInstanceOf(LocalFileSource.class);
    }

    @Test
    void rateLimitHoldsDownTheDownload() throws Exception {
        long size = Files.size(layer);
        LayerDownload l = new LayerDownload(tmp.resolve("r"), TestImages.sha256(layer), size,
                new CountingSource(layer), null);
        long t0 = System.nanoTime();
        run(l, fast(1, 1));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(l.progress().state()).isEqualTo(DownloadProgress.State.DONE);
        // 1 MiB/s, the bucket empty at the start: at least size / rate
        assertThat(millis).isGreaterThanOrEqualTo(size * 1000 / 1048576);
    }

    @Test
    void resumesFromTheRecordedOffset() throws Exception {
        byte[] local = Files.readAllBytes(layer);
        Path dir = Files.createDirectories(tmp.resolve("resume"));
        Files.write(dir.resolve(LayerDownload.TEMP), Arrays.copyOf(local, 196608));
        Files.writeString(dir.resolve(LayerDownload.PROGRESS), "131072");
        CountingSource src = new CountingSource(layer);
        LayerDownload l = new LayerDownload(dir, TestImages.sha256(layer), local.length, src, null);
        run(l, fast(0, 1));
        assertThat(l.progress().state()).isEqualTo(DownloadProgress.State.DONE);
        assertThat(src.bytes.get()).isEqualTo(local.length - 131072);
        assertThat(Files.readAllBytes(dir.resolve(LayerDownload.COMMIT))).isEqualTo(local);
    }

    @Test
    void anExistingCommitSwitchesWithoutDownloadingAndCloseStopsADelayedStart() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("c"));
        Files.copy(layer, dir.resolve(LayerDownload.COMMIT));
        CountingSource src = new CountingSource(layer);
        SwitchableBlockSource sw = new SwitchableBlockSource(new CountingSource(layer));
        LayerDownload l = new LayerDownload(dir, TestImages.sha256(layer), Files.size(layer), src, sw);
        run(l, fast(0, 1));
        assertThat(src.reads.get()).isZero();
        assertThat(sw.current()).isInstanceOf(LocalFileSource.class);

        LayerDownload later = new LayerDownload(tmp.resolve("later"), TestImages.sha256(layer), Files.size(layer),
                src, null);
        BackgroundDownloader d = new BackgroundDownloader(List.of(later), new DownloadOptions(Duration.ofHours(1),
                Duration.ZERO, 0, 1, 65536), AuditLog.disabled(), "x").start();
        long t0 = System.nanoTime();
        d.close();
        assertThat(d.isRunning()).isFalse();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
        assertThat(later.progress().state()).isEqualTo(DownloadProgress.State.WAITING);
    }
}
