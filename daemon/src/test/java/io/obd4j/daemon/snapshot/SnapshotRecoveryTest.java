package io.obd4j.daemon.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import static io.obd4j.daemon.snapshot.SnapshotFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Recovery of a snapshot left {@code creating}: the creation is cut short by an {@link Error} thrown from the pause
 * hook (no cleanup code runs, as with a crash), then a fresh {@link VolumeSnapshots} on the same data directory
 * recovers it.
 */
class SnapshotRecoveryTest {
    @TempDir
    Path dir;

    private static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    private static CreationPause crashAt(String wanted) {
        return (stage, name) -> {
            if (stage.equals(wanted)) {
                throw new Crash();
            }
        };
    }

    @Test
    void anUnsealedCreationIsRolledBackWithNoFileLeftAndCanBeRetried() throws Exception {
        Path config = SnapshotFixture.volumeConfig(dir, "vol");
        String before = Files.readString(config);
        try (SnapshotFixture f = new SnapshotFixture(dir, crashAt("prepared"))) {
            f.call("POST", "/v1/devices", "{\"id\":\"vol\",\"config\":\"" + config + "\"}");
            SnapshotFixture.writeBlock(f.device("vol"), 3);
            assertThatThrownBy(() -> f.snapshots.create("s1", "vol")).isInstanceOf(Crash.class);
            assertThat(f.snapshots.get("s1").state()).isEqualTo(SnapshotRecord.State.CREATING);
            assertThat(dir.resolve("vol/upper-after-s1.data")).exists();

            VolumeSnapshots restarted = new VolumeSnapshots(f.registry, dir.resolve("data"), Clock.systemUTC(),
                    CreationPause.none());
            assertThat(restarted.recover()).containsExactly("s1");
            SnapshotRecord r = restarted.get("s1");
            assertThat(r.state()).isEqualTo(SnapshotRecord.State.FAILED);
            assertThat(r.error().retriable()).isTrue();
            assertThat(r.error().message()).contains("rolled back");
            assertThat(files(dir.resolve("vol"))).containsExactlyInAnyOrder("config.v1.json", "upper.data",
                    "upper.index");
            assertThat(files(dir.resolve("data/snapshots"))).containsExactly("s1.json");
            assertThat(Files.readString(config)).isEqualTo(before);
            assertThat(restarted.recover()).isEmpty();

            SnapshotRecord retried = restarted.create("s1", "vol");
            assertThat(retried.readyToUse()).isTrue();
            assertThat(retried.error()).isNull();
            assertThat(SnapshotFixture.firstBytes(f.device("vol"), 4)[3]).isEqualTo(SnapshotFixture.pattern(3));
        }
    }

    @Test
    void aSealedCreationIsFinishedAndTheNextConfigMovedIntoPlace() throws Exception {
        Path config = SnapshotFixture.volumeConfig(dir, "vol");
        String before = Files.readString(config);
        try (SnapshotFixture f = new SnapshotFixture(dir, crashAt("prepared"))) {
            f.call("POST", "/v1/devices", "{\"id\":\"vol\",\"config\":\"" + config + "\"}");
            SnapshotFixture.writeBlock(f.device("vol"), 5);
            assertThatThrownBy(() -> f.snapshots.create("s1", "vol")).isInstanceOf(Crash.class);
            // the crash lands between the seal and the config rename: seal, then put the old config back
            Path next = dir.resolve("vol/.config.v1.json.snapshot-s1");
            String nextText = Files.readString(next);
            f.registry.snapshot("vol", next);
            Files.writeString(config, before);
            Files.writeString(next, nextText);

            VolumeSnapshots restarted = new VolumeSnapshots(f.registry, dir.resolve("data"), Clock.systemUTC(),
                    CreationPause.none());
            assertThat(restarted.recover()).containsExactly("s1");
            assertThat(restarted.get("s1").readyToUse()).isTrue();
            assertThat(next).doesNotExist();
            JsonNode c = SnapshotRecord.MAPPER.readTree(config.toFile());
            assertThat(c.at("/lowers/0/file").asText()).isEqualTo(dir.resolve("vol/upper.data").toString());
            assertThat(c.at("/upper/data").asText()).isEqualTo(dir.resolve("vol/upper-after-s1.data").toString());
        }
    }

    @Test
    void aCreationCutAfterTheRenameIsFinished() throws Exception {
        Path config = SnapshotFixture.volumeConfig(dir, "vol");
        try (SnapshotFixture f = new SnapshotFixture(dir, crashAt("sealed"))) {
            f.call("POST", "/v1/devices", "{\"id\":\"vol\",\"config\":\"" + config + "\"}");
            assertThatThrownBy(() -> f.snapshots.create("s1", "vol")).isInstanceOf(Crash.class);
            VolumeSnapshots restarted = new VolumeSnapshots(f.registry, dir.resolve("data"), Clock.systemUTC(),
                    CreationPause.none());
            assertThat(restarted.recover()).containsExactly("s1");
            assertThat(json(f.call("GET", "/v1/snapshots/s1", null)).get("readyToUse").asBoolean()).isTrue();
        }
    }

    @Test
    void aFailureBeforeTheSealIsRolledBackAndOneAfterItIsFinishedAtOnce() throws Exception {
        Path config = SnapshotFixture.volumeConfig(dir, "vol");
        String[] failAt = {"prepared"};
        CreationPause failing = (stage, name) -> {
            if (stage.equals(failAt[0])) {
                throw new IllegalStateException("injected failure at " + stage);
            }
        };
        try (SnapshotFixture f = new SnapshotFixture(dir, failing)) {
            f.call("POST", "/v1/devices", "{\"id\":\"vol\",\"config\":\"" + config + "\"}");
            var failed = f.call("POST", "/v1/devices/vol/snapshots", "{\"name\":\"s1\"}");
            assertThat(failed.status()).isEqualTo(500);
            assertThat(json(failed).get("retriable").asBoolean()).as("a bug is not retriable").isFalse();
            JsonNode s1 = json(f.call("GET", "/v1/snapshots/s1", null));
            assertThat(s1.get("state").asText()).isEqualTo("failed");
            assertThat(s1.at("/error/message").asText()).contains("injected failure at prepared");
            assertThat(files(dir.resolve("vol"))).containsExactlyInAnyOrder("config.v1.json", "upper.data",
                    "upper.index");

            failAt[0] = "sealed";
            var finished = f.call("POST", "/v1/devices/vol/snapshots", "{\"name\":\"s1\"}");
            assertThat(finished.status()).as(SnapshotFixture.text(finished)).isEqualTo(201);
            assertThat(json(finished).get("readyToUse").asBoolean()).isTrue();
        }
    }

    @Test
    void anUnreadableRecordIsNamedWithItsField() throws Exception {
        Files.createDirectories(dir.resolve("data/snapshots"));
        Files.writeString(dir.resolve("data/snapshots/bad.json"), "{\"name\":\"bad\",\"state\":7}");
        try (SnapshotFixture f = new SnapshotFixture(dir, CreationPause.none())) {
            assertThatThrownBy(() -> f.snapshots.get("bad")).hasMessageContaining("bad.json")
                    .hasMessageContaining("field \"state\": expected a string");
            assertThat(f.snapshots.list()).isEmpty();
        }
    }

    private static List<String> files(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
