package io.obd4j.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.registry.FaultProxy.Fault;
import io.obd4j.registry.download.BackgroundDownloader;
import io.obd4j.registry.download.DownloadOptions;
import io.obd4j.registry.download.DownloadProgress;
import io.obd4j.registry.download.LayerDownload;
import io.obd4j.registry.download.SwitchableBlockSource;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The background download's single streaming GET against the real registry behind the fault proxy: every fault
 * breaks or refuses the stream, and the download resumes at the last good byte and still verifies.
 */
class BlobStreamTest extends RegistryPeerTest {
    static final int SIZE = 3 << 20;
    static final int BLOCK = 64 * 1024;

    static byte[] blob;
    static Digest digest;

    @TempDir
    Path tmp;
    FaultProxy proxy;
    RegistryStats stats;
    RegistryClient client;

    @BeforeAll
    static void pushBlob() throws Exception {
        TestBlob b = pushRandomBlob("obd4j/stream", SIZE, 5);
        blob = b.bytes();
        digest = b.digest();
    }

    @BeforeEach
    void startProxy() throws Exception {
        proxy = new FaultProxy(peer.url());
        // generous for a loaded machine (the proxy buffers 3 MiB before answering); stalls outlast it
        proxy.stallMillis = 3000;
        stats = new RegistryStats();
        client = RegistryClient.builder().stats(stats).retry(new RetryPolicy(3, Duration.ofMillis(20),
                Duration.ofSeconds(1), Duration.ofSeconds(2))).build();
    }

    @AfterEach
    void stopProxy() throws Exception {
        client.close();
        proxy.close();
    }

    BlobRangeReader reader() throws Exception {
        return BlobRangeReader.open(client, new BlobUrl(Repository.of(proxy.url(), "obd4j/stream"), digest), SIZE);
    }

    LayerDownload download(Path dir, SwitchableBlockSource target, int tries) throws Exception {
        LayerDownload l = new LayerDownload(dir, digest, SIZE, reader(), target);
        BackgroundDownloader d = new BackgroundDownloader(List.of(l), new DownloadOptions(Duration.ZERO,
                Duration.ZERO, 0, tries, BLOCK), AuditLog.disabled(), "stream").start();
        assertThat(d.await(60_000)).isTrue();
        return l;
    }

    @Test
    void oneRequestCarriesTheWholeBlobAndReadsSwitchToTheCommittedFile() throws Exception {
        SwitchableBlockSource sw = new SwitchableBlockSource(reader());
        LayerDownload l = download(tmp.resolve("l"), sw, 1);
        assertThat(l.progress().state()).isEqualTo(DownloadProgress.State.DONE);
        assertThat(proxy.ranges).containsExactly("bytes=0-");
        assertThat(Files.readAllBytes(tmp.resolve("l").resolve(LayerDownload.COMMIT))).isEqualTo(blob);
        assertThat(sw.current()).isInstanceOf(LocalFileSource.class);
        assertThat(stats.bytesFetched()).isEqualTo(SIZE);
        assertThat(l.progress().bytesPerSecond()).isPositive();
        sw.close();
    }

    @Test
    void theStreamFollowsTheRedirectWithoutCredentialsAfterABearerChallenge() throws Exception {
        proxy.bearer = true;
        proxy.redirect = true;
        LayerDownload l = download(tmp.resolve("b"), null, 1);
        assertThat(l.progress().state()).isEqualTo(DownloadProgress.State.DONE);
        assertThat(Files.readAllBytes(tmp.resolve("b").resolve(LayerDownload.COMMIT))).isEqualTo(blob);
        assertThat(proxy.tokenRequests.get()).isEqualTo(1);
        assertThat(proxy.redirectedRequests.get()).isEqualTo(1);
        assertThat(proxy.authHeadersAtRedirectTarget.get()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void eachFaultIsSurvivedAndABrokenStreamResumesWhereItBroke(Fault fault) throws Exception {
        proxy.faults.add(fault);
        LayerDownload l = download(tmp.resolve("f"), null, 2);
        assertThat(l.progress().state()).as(l.progress().toString()).isEqualTo(DownloadProgress.State.DONE);
        assertThat(Files.readAllBytes(tmp.resolve("f").resolve(LayerDownload.COMMIT))).isEqualTo(blob);
        if (fault == Fault.IGNORE_RANGE || fault == Fault.LONG_BODY) {
            // the whole blob from offset 0 is what was asked for; the stream stops reading at the blob size
            assertThat(proxy.ranges).containsExactly("bytes=0-");
            return;
        }
        assertThat(proxy.ranges).hasSize(2).first().isEqualTo("bytes=0-");
        if (fault == Fault.TRUNCATE || fault == Fault.STALL_BODY) {
            long resumedAt = Long.parseLong(proxy.ranges.get(1).replaceAll("\\D", ""));
            // a stalled body always hands over its bytes first; a cut one may fail before its headers are handed
            // over (then the client retries from the start)
            assertThat(resumedAt).isBetween(fault == Fault.STALL_BODY ? 1L : 0L, SIZE / 2L);
            assertThat(proxy.blobBodyBytes.get()).isEqualTo(SIZE / 2 + (SIZE - resumedAt));
        } else {
            assertThat(proxy.ranges.get(1)).isEqualTo("bytes=0-");
        }
    }

    @Test
    void aRestartResumesAtTheSyncedOffsetAndACorruptPrefixIsDeletedAndRefetched() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("r"));
        Files.write(dir.resolve(LayerDownload.TEMP), Arrays.copyOf(blob, 1 << 20));
        Files.writeString(dir.resolve(LayerDownload.PROGRESS), Integer.toString(512 * 1024));
        LayerDownload l = download(dir, null, 1);
        assertThat(l.progress().state()).isEqualTo(DownloadProgress.State.DONE);
        assertThat(proxy.ranges).containsExactly("bytes=524288-");
        assertThat(Files.readAllBytes(dir.resolve(LayerDownload.COMMIT))).isEqualTo(blob);

        Path bad = Files.createDirectories(tmp.resolve("bad"));
        byte[] prefix = Arrays.copyOf(blob, 1 << 20);
        prefix[1000] ^= 1;
        Files.write(bad.resolve(LayerDownload.TEMP), prefix);
        Files.writeString(bad.resolve(LayerDownload.PROGRESS), Integer.toString(1 << 20));
        proxy.ranges.clear();
        LayerDownload again = download(bad, null, 2);
        assertThat(again.progress().state()).isEqualTo(DownloadProgress.State.DONE);
        assertThat(again.progress().attempts()).isEqualTo(2);
        assertThat(proxy.ranges).containsExactly("bytes=1048576-", "bytes=0-");
        assertThat(Files.readAllBytes(bad.resolve(LayerDownload.COMMIT))).isEqualTo(blob);
    }

    @Test
    void closeStopsAStalledStreamAndTheNextStartResumes() throws Exception {
        proxy.stallMillis = 20_000;
        client.close();
        client = RegistryClient.builder().stats(stats).retry(new RetryPolicy(3, Duration.ofMillis(20),
                Duration.ofSeconds(1), Duration.ofSeconds(30))).build();
        proxy.faults.add(Fault.STALL_BODY);
        Path dir = tmp.resolve("s");
        LayerDownload l = new LayerDownload(dir, digest, SIZE, reader(), null);
        BackgroundDownloader d = new BackgroundDownloader(List.of(l), new DownloadOptions(Duration.ZERO,
                Duration.ZERO, 0, 1, BLOCK), AuditLog.disabled(), "stall").start();
        while (l.progress().bytesDone() < SIZE / 4) {
            Thread.sleep(20);
        }
        d.close();
        assertThat(d.isRunning()).isFalse();
        assertThat(l.progress().state()).isEqualTo(DownloadProgress.State.DOWNLOADING);
        assertThat(Files.exists(dir.resolve(LayerDownload.COMMIT))).isFalse();
        long saved = Long.parseLong(Files.readString(dir.resolve(LayerDownload.PROGRESS)));
        assertThat(saved).isGreaterThanOrEqualTo(SIZE / 4).isLessThanOrEqualTo(SIZE / 2);

        proxy.ranges.clear();
        LayerDownload resumed = download(dir, null, 1);
        assertThat(proxy.ranges).containsExactly("bytes=" + saved + "-");
        assertThat(resumed.progress().state()).isEqualTo(DownloadProgress.State.DONE);
        assertThat(Files.readAllBytes(dir.resolve(LayerDownload.COMMIT))).isEqualTo(blob);
    }

    @Test
    void noThreadOrFdLeaksAcrossBrokenStreamsAndDownloads() throws Exception {
        streamWithEveryFault();
        downloadThroughBreaks(0);
        Thread.sleep(300);
        long fds = fdCount();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        for (int i = 1; i <= 2; i++) {
            streamWithEveryFault();
            downloadThroughBreaks(i);
        }
        Thread.sleep(300);
        assertThat(fdCount()).isLessThanOrEqualTo(fds + 4);
        assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(threads + 4);
    }

    /** A whole download whose stream is cut, refused and answered with the wrong range on the way. */
    private void downloadThroughBreaks(int i) throws Exception {
        proxy.faults.addAll(List.of(Fault.TRUNCATE, Fault.STATUS_503, Fault.BAD_CONTENT_RANGE));
        LayerDownload l = download(tmp.resolve("leak" + i), null, 3);
        assertThat(l.progress().state()).isEqualTo(DownloadProgress.State.DONE);
        Files.delete(tmp.resolve("leak" + i).resolve(LayerDownload.COMMIT));
    }

    /** Opens a stream per fault, reads part of it, and closes it early (the cancel path). */
    private void streamWithEveryFault() throws Exception {
        try (BlobRangeReader r = reader()) {
            for (Fault f : Fault.values()) {
                if (f == Fault.STALL || f == Fault.STALL_BODY) {
                    continue;
                }
                proxy.faults.add(f);
                ByteBuffer b = ByteBuffer.allocate(100_000);
                try (ReadableByteChannel ch = r.openStream(1000)) {
                    while (b.hasRemaining() && ch.read(b) >= 0) {
                        continue;
                    }
                }
                assertThat(b.array()).isEqualTo(Arrays.copyOfRange(blob, 1000, 101_000));
            }
        }
    }

    private static long fdCount() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
