package io.obd4j.daemon.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import io.obd4j.core.image.BlockDevice;
import io.obd4j.daemon.api.HttpReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.obd4j.daemon.snapshot.SnapshotFixture.BLOCK;
import static io.obd4j.daemon.snapshot.SnapshotFixture.json;
import static io.obd4j.daemon.snapshot.SnapshotFixture.pattern;
import static io.obd4j.daemon.snapshot.SnapshotFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Snapshots through the API routes on real volumes: under a writer, restore, delete rules, refusals. */
class VolumeSnapshotsTest {
    private static final int BLOCKS = (int) (SnapshotFixture.SIZE / BLOCK);

    @TempDir
    Path dir;

    @Test
    void snapshotUnderAWriterLosesNoWriteAndRestoresTheStateAtSnapshotTime() throws Exception {
        try (SnapshotFixture f = new SnapshotFixture(dir, CreationPause.none())) {
            Path config = SnapshotFixture.volumeConfig(dir, "vol");
            assertThat(f.call("POST", "/v1/devices", "{\"id\":\"vol\",\"config\":\"" + config + "\"}").status())
                    .isEqualTo(201);
            BlockDevice vol = f.device("vol");
            AtomicInteger started = new AtomicInteger();
            AtomicInteger acked = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            // sequential writes, block i gets pattern(i): the snapshot must hold a prefix of them
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < BLOCKS && !stop.get(); i++) {
                        started.incrementAndGet();
                        SnapshotFixture.writeBlock(vol, i);
                        acked.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitAcked(acked, 200);
            int ackedBefore = acked.get();
            HttpReply snap = f.call("POST", "/v1/devices/vol/snapshots", "{\"name\":\"s1\"}");
            int startedAfter = started.get();
            assertThat(snap.status()).as(text(snap)).isEqualTo(201);
            awaitAcked(acked, Math.min(BLOCKS, startedAfter + 200));
            stop.set(true);
            writer.get(60, TimeUnit.SECONDS);
            assertThat(ackedBefore).isLessThan(startedAfter);

            byte[] source = SnapshotFixture.firstBytes(vol, BLOCKS);
            for (int i = 0; i < BLOCKS; i++) {
                assertThat(source[i]).as("source block %d", i).isEqualTo(i < acked.get() ? pattern(i) : 0);
            }
            JsonNode s1 = json(f.call("GET", "/v1/snapshots/s1", null));
            assertThat(s1.get("readyToUse").asBoolean()).isTrue();
            assertThat(s1.get("state").asText()).isEqualTo("ready");
            assertThat(s1.get("restoreSize").asLong()).isEqualTo(SnapshotFixture.SIZE);
            assertThat(s1.get("sourceVolume").asText()).isEqualTo("vol");
            assertThat(s1.get("error").isNull()).isTrue();
            assertThat(Instant.parse(s1.get("creationTime").asText())).isBeforeOrEqualTo(Instant.now());
            assertThat(json(f.call("GET", "/v1/snapshots", null)).findValuesAsText("name")).containsExactly("s1");
            assertThat(json(f.call("GET", "/v1/devices/vol", null)).get("layers")).hasSize(1);

            HttpReply restored = f.call("POST", "/v1/devices",
                    "{\"id\":\"copy\",\"dataSource\":{\"kind\":\"VolumeSnapshot\",\"name\":\"s1\"}}");
            assertThat(restored.status()).as(text(restored)).isEqualTo(201);
            byte[] copy = SnapshotFixture.firstBytes(f.device("copy"), BLOCKS);
            int k = 0;
            while (k < BLOCKS && copy[k] == pattern(k)) {
                k++;
            }
            assertThat(k).as("writes in the snapshot").isBetween(ackedBefore, startedAfter);
            for (int i = k; i < BLOCKS; i++) {
                assertThat(copy[i]).as("restored block %d, after the snapshot", i).isZero();
            }
            SnapshotFixture.writeBlock(f.device("copy"), BLOCKS - 1);
            assertThat(SnapshotFixture.firstBytes(f.device("copy"), BLOCKS)[BLOCKS - 1]).isEqualTo(pattern(BLOCKS - 1));
            assertThat(SnapshotFixture.firstBytes(vol, BLOCKS)[BLOCKS - 1]).as("source unaffected")
                    .isEqualTo(source[BLOCKS - 1]);

            HttpReply inUse = f.call("DELETE", "/v1/snapshots/s1", null);
            assertThat(inUse.status()).isEqualTo(409);
            assertThat(json(inUse).get("error").asText()).contains("source of open volume(s) copy");
            assertThat(json(inUse).get("retriable").asBoolean()).isTrue();
            assertThat(f.call("DELETE", "/v1/devices/copy", null).status()).isEqualTo(204);
            assertThat(f.call("DELETE", "/v1/snapshots/s1", null).status()).isEqualTo(204);
            assertThat(f.call("GET", "/v1/snapshots/s1", null).status()).isEqualTo(404);
            assertThat(Path.of(s1.get("layer").asText())).as("still a lower of vol").exists();
        }
    }

    @Test
    void refusesBadNamesUnknownAndReadOnlyVolumesDuplicatesAndUnreadySources() throws Exception {
        try (SnapshotFixture f = new SnapshotFixture(dir, CreationPause.none())) {
            Path config = SnapshotFixture.volumeConfig(dir, "vol");
            f.call("POST", "/v1/devices", "{\"id\":\"vol\",\"config\":\"" + config + "\"}");
            assertRefused(f.call("POST", "/v1/devices/vol/snapshots", "{\"name\":\"../x\"}"), 400, false);
            assertRefused(f.call("POST", "/v1/devices/vol/snapshots", "{}"), 400, false);
            assertRefused(f.call("POST", "/v1/devices/nope/snapshots", "{\"name\":\"s\"}"), 404, false);
            assertThat(f.call("POST", "/v1/devices/vol/snapshots", "{\"name\":\"s\"}").status()).isEqualTo(201);
            assertRefused(f.call("POST", "/v1/devices/vol/snapshots", "{\"name\":\"s\"}"), 409, false);
            assertRefused(f.call("POST", "/v1/devices",
                    "{\"id\":\"r\",\"dataSource\":{\"kind\":\"VolumeSnapshot\",\"name\":\"none\"}}"), 404, false);
            assertRefused(f.call("POST", "/v1/devices",
                    "{\"dataSource\":{\"kind\":\"VolumeSnapshot\",\"name\":\"s\"}}"), 400, false);
            assertThat(f.call("POST", "/v1/devices",
                    "{\"id\":\"ro\",\"dataSource\":{\"kind\":\"VolumeSnapshot\",\"name\":\"s\"}}").status())
                    .isEqualTo(201);
            assertRefused(f.call("POST", "/v1/devices",
                    "{\"id\":\"ro\",\"dataSource\":{\"kind\":\"VolumeSnapshot\",\"name\":\"s\"}}"), 409, false);
            String layer = json(f.call("GET", "/v1/snapshots/s", null)).get("layer").asText();
            Files.writeString(dir.resolve("lowers-only.json"), "{\"lowers\":[{\"file\":\"" + layer + "\"}]}");
            f.call("POST", "/v1/devices", "{\"id\":\"lo\",\"config\":\"" + dir.resolve("lowers-only.json") + "\"}");
            HttpReply ro = f.call("POST", "/v1/devices/lo/snapshots", "{\"name\":\"t\"}");
            assertRefused(ro, 400, false);
            assertThat(json(ro).get("error").asText()).contains("has no writable layer");
            assertThat(f.call("GET", "/v1/snapshots/t", null).status()).isEqualTo(404);
        }
    }

    private static void assertRefused(HttpReply r, int status, boolean retriable) throws Exception {
        assertThat(r.status()).as(text(r)).isEqualTo(status);
        assertThat(json(r).get("retriable").asBoolean()).as(text(r)).isEqualTo(retriable);
    }

    private static void awaitAcked(AtomicInteger acked, int n) throws InterruptedException {
        while (acked.get() < n) {
            Thread.sleep(1);
        }
    }
}
