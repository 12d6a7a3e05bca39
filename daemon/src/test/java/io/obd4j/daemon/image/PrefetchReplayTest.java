package io.obd4j.daemon.image;

import io.obd4j.core.prefetch.PrefetchProgress;
import io.obd4j.core.prefetch.TraceFile;
import io.obd4j.core.prefetch.TraceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prefetch proof (issue 9): a remote ext4 image read cold, recorded, then replayed on a fresh cold cache; after
 * the replay the same container-start reads cost under 10% of the cold run's registry round trips, counted by the
 * proxy in front of the registry. File-list prefetch is checked the same way. Numbers go to stdout (see
 * docs/benchmarks-prefetch.md).
 */
class PrefetchReplayTest {
    @TempDir
    static Path dir;
    static PrefetchRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = PrefetchRig.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aRecordedTraceReplayedOnAColdCacheCutsDemandRoundTripsBelowTenPercent() throws Exception {
        int cold;
        try (PrefetchRig.Device d = rig.open(null, 4)) {
            assertThat(d.image().prefetch().mode()).isEqualTo(DevicePrefetch.Mode.DISABLED);
            cold = d.read(PrefetchRig.START_FILES);
        }
        Path trace = Files.createFile(dir.resolve("trace"));
        int recordRun;
        try (PrefetchRig.Device d = rig.open(trace, 4)) {
            assertThat(d.image().prefetch().mode()).isEqualTo(DevicePrefetch.Mode.RECORD);
            assertThat(dir.resolve("trace.lock")).exists();
            recordRun = d.read(PrefetchRig.START_FILES);
        }
        assertThat(dir.resolve("trace.ok")).exists();
        assertThat(dir.resolve("trace.lock")).doesNotExist();
        List<TraceRecord> records = TraceFile.read(trace);
        assertThat(records).isNotEmpty().allMatch(r -> r.layer() == 0 && r.op() == 'R');

        int before = rig.proxy.blobRequests.get();
        int replayDemand;
        PrefetchProgress p;
        try (PrefetchRig.Device d = rig.open(trace, 4)) {
            assertThat(d.image().prefetch().mode()).isEqualTo(DevicePrefetch.Mode.REPLAY_TRACE);
            p = d.awaitPrefetch();
            assertThat(p.state()).isEqualTo(PrefetchProgress.State.DONE);
            assertThat(p.failed()).isZero();
            assertThat(p.rangesDone()).isEqualTo(p.rangesTotal()).isPositive();
            assertThat(d.metrics.prefetchBytes().labels("trace").value()).isEqualTo(p.bytesDone());
            replayDemand = d.read(PrefetchRig.START_FILES);
        }
        int replayAll = rig.proxy.blobRequests.get() - before;
        System.out.printf("prefetch proof: cold demand round trips %d, record run %d, trace %d records; replay: %d "
                + "ranges / %d bytes prefetched in %d ms, demand round trips after prefetch %d (%.1f%% of cold), "
                + "replay run total incl. open and prefetch %d%n", cold, recordRun, records.size(), p.rangesDone(),
                p.bytesDone(), p.elapsedMillis(), replayDemand, 100.0 * replayDemand / cold, replayAll);
        assertThat(cold).as("cold run needs the registry").isGreaterThanOrEqualTo(20);
        assertThat(replayDemand * 10).as("replay demand round trips < 10% of cold (" + cold + ")").isLessThan(cold);
    }

    @Test
    void fileListPrefetchWarmsTheListedFiles() throws Exception {
        List<String> data = List.of("/usr/bin/app", "/data/sparse.bin", "/usr/lib/deep/nested/dir/file.txt",
                PrefetchRig.lib(1));
        int cold;
        try (PrefetchRig.Device d = rig.open(null, 4)) {
            d.read(List.of("/etc/hostname"));
            cold = d.read(data);
        }
        Path list = Files.writeString(dir.resolve("prefetch.list"), "/usr/bin/app\n /data/sparse.bin \n"
                + "/usr/lib64/deep/\n/usr/lib/libs/lib1.so\n/not/there\nnot a path\n");
        try (PrefetchRig.Device d = rig.open(list, 2)) {
            assertThat(d.image().prefetch().mode()).isEqualTo(DevicePrefetch.Mode.REPLAY_FILELIST);
            PrefetchProgress p = d.awaitPrefetch();
            assertThat(p.state()).isEqualTo(PrefetchProgress.State.DONE);
            assertThat(p.bytesDone()).isGreaterThanOrEqualTo(300_000 + 512 * 4096 + 13_000);
            d.read(List.of("/etc/hostname"));
            int warm = d.read(data);
            System.out.printf("file-list prefetch: %d ranges / %d bytes in %d ms; listed files' round trips cold %d, "
                    + "after prefetch %d%n", p.rangesDone(), p.bytesDone(), p.elapsedMillis(), cold, warm);
            assertThat(warm * 10).as("listed files after prefetch vs cold " + cold).isLessThan(cold);
        }
        assertThat(Files.readString(list)).startsWith("/usr/bin/app");
    }
}
