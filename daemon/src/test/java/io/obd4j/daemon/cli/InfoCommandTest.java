package io.obd4j.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obd4j.core.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InfoCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode info(Object... args) throws Exception {
        Object[] a = new Object[args.length + 2];
        a[0] = "info";
        a[1] = "--json";
        System.arraycopy(args, 0, a, 2, args.length);
        Cli.Run r = Cli.run(a);
        assertThat(r.exit()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void committedLayerFieldsEqualTheManifest() throws Exception {
        JsonNode f = Fixtures.fixture("commit1");
        JsonNode i = info(Fixtures.layer("commit1.lsmt"));
        assertThat(i.get("kind").asText()).isEqualTo("lsmt-ro");
        assertThat(i.get("file_size").asLong()).isEqualTo(f.get("files").get(0).get("size").asLong());
        JsonNode t = i.get("trailer");
        f.get("trailer").fields().forEachRemaining(e -> assertThat(t.get(e.getKey())).as(e.getKey())
                .isEqualTo(e.getValue()));
        assertThat(t.get("flags_decoded")).hasToString("[\"trailer\",\"data\",\"sealed\"]");
        assertThat(i.get("header").get("flags").asInt()).isEqualTo(7);
        assertThat(i.get("index").get("records").asLong()).isEqualTo(f.get("expected").get("index_count").asLong());
        JsonNode idx = Fixtures.expectedIndex("commit1");
        long zeroed = 0;
        long mapped = 0;
        for (JsonNode m : idx.get("mappings")) {
            zeroed += m.get("zeroed").asInt();
            mapped += m.get("zeroed").asInt() == 0 ? m.get("length").asLong() * 512 : 0;
        }
        assertThat(i.get("index").get("zeroed_records").asLong()).isEqualTo(zeroed);
        assertThat(i.get("index").get("mapped_bytes").asLong()).isEqualTo(mapped);
    }

    @ParameterizedTest
    @ValueSource(strings = {"commit1.lz4-4k-crc", "commit1.zstd-64k-nocrc", "commit1.commit-z-zstd-16k"})
    void zfileFieldsEqualTheManifest(String name) throws Exception {
        JsonNode f = Fixtures.fixture(name);
        JsonNode i = info(Fixtures.layer(name + ".zfile"));
        assertThat(i.get("kind").asText()).isEqualTo("zfile(lsmt-ro)");
        JsonNode z = i.get("zfile");
        f.get("zfile").fields().forEachRemaining(e -> assertThat(z.get(e.getKey())).as(e.getKey())
                .isEqualTo(e.getValue()));
        assertThat(z.get("compressed_size").asLong()).isEqualTo(f.get("files").get(0).get("size").asLong());
        assertThat(z.get("compression_ratio").asDouble()).isGreaterThan(1.0);
        assertThat(i.get("trailer").get("user_tag").asText()).isEqualTo(
                name.startsWith("commit1.commit") ? "" : "fixture rw1 commit");
    }

    @Test
    void tarFixtureFieldsEqualTheManifest() throws Exception {
        JsonNode f = Fixtures.fixture("commit1.commit-zt-lz4-4k.tar");
        JsonNode i = info(Fixtures.layer("commit1.commit-zt-lz4-4k.tar"));
        assertThat(i.get("kind").asText()).isEqualTo(f.get("kind").asText());
        assertThat(i.get("tar").get("payload_offset").asLong())
                .isEqualTo(f.get("zfile").get("tar_data_offset").asLong());
        assertThat(i.get("zfile").get("blocks")).isEqualTo(f.get("zfile").get("blocks"));
        assertThat(i.get("zfile").get("algo").asText()).isEqualTo("lz4");
        assertThat(i.get("zfile").get("header_overwrite").asBoolean()).isTrue();
        assertThat(i.get("trailer").get("uuid").asText()).isEqualTo("A0000000-0000-4000-8000-000000000001");
        assertThat(i.get("index").get("records").asLong()).isEqualTo(47);
    }

    @Test
    void writablePairAndTextOutput() throws Exception {
        JsonNode f = Fixtures.fixture("rw1");
        JsonNode i = info(Fixtures.layer("rw1.data"), Fixtures.layer("rw1.index"));
        assertThat(i.get("kind").asText()).isEqualTo("lsmt-rw");
        f.get("header").fields().forEachRemaining(e -> assertThat(i.get("header").get(e.getKey())).as(e.getKey())
                .isEqualTo(e.getValue()));
        assertThat(i.get("index").get("records").asLong()).isEqualTo(f.get("expected").get("index_count").asLong());
        Cli.Run text = Cli.run("info", Fixtures.layer("commit1.lsmt"));
        assertThat(text.out()).startsWith("file: " + Fixtures.layer("commit1.lsmt") + "\nkind: lsmt-ro\n")
                .contains("  user_tag: fixture rw1 commit\n")
                .contains("  flags_decoded: trailer,data,sealed\n");
        Cli.Run alone = Cli.run("info", Fixtures.layer("rw1.data"));
        assertThat(alone.exit()).isEqualTo(1);
        assertThat(alone.err()).contains("give DATA INDEX");
    }

    @Test
    void theOldExt4BaseLayerWithGarbageHeaderFlags(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Process tar = new ProcessBuilder("tar", "-xzf", Fixtures.layer("ext4_64.tar.gz").toString(), "-C",
                dir.toString()).redirectErrorStream(true).start();
        assertThat(tar.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        JsonNode f = Fixtures.fixture("ext4_64");
        JsonNode i = info(dir.resolve("ext4_64"));
        f.get("zfile").fields().forEachRemaining(e -> assertThat(i.get("zfile").get(e.getKey())).as(e.getKey())
                .isEqualTo(e.getValue()));
        assertThat(i.get("zfile").get("original_file_size").asLong())
                .isEqualTo(f.get("decompressed").get("size").asLong());
        assertThat(i.get("trailer").get("virtual_size").asLong()).isEqualTo(f.get("expected").get("vsize").asLong());
        assertThat(i.get("index").get("records").asLong()).isEqualTo(f.get("expected").get("index_count").asLong());
        assertThat(i.get("trailer").get("uuid").asText()).isEqualTo("C02FB491-B4D4-4904-8684-A014D032AF78");
    }

    @Test
    void notALayerIsOneClearLine() {
        Path manifest = Fixtures.overlaybd().resolve("MANIFEST.json");
        Cli.Run r = Cli.run("info", manifest);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("obd4j info: ").contains("magic0");
    }
}
