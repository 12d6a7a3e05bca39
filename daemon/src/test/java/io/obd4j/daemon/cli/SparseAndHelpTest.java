package io.obd4j.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obd4j.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseAndHelpTest {
    @TempDir
    Path dir;

    @Test
    void sparseWritableLayerIsDescribedExportedMergedAndCommitted() throws Exception {
        Process tar = new ProcessBuilder("tar", "-xSzf", Fixtures.layer("rw1-sparse.tar.gz").toString(), "-C",
                dir.toString()).redirectErrorStream(true).start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        Path data = dir.resolve("layers/rw1-sparse.data");
        JsonNode f = Fixtures.fixture("rw1-sparse");
        Cli.Run info = Cli.run("info", "--json", data);
        assertThat(info.exit()).as(info.err()).isZero();
        JsonNode i = new ObjectMapper().readTree(info.out());
        assertThat(i.get("kind").asText()).isEqualTo("lsmt-rw-sparse");
        assertThat(i.get("header").get("flags_decoded")).hasToString("[\"header\",\"data\",\"sparse\"]");
        assertThat(i.get("index").get("records").asLong()).isEqualTo(f.get("expected").get("index_count").asLong());
        String sha = f.get("expected").get("sha256").asText();
        Path raw = dir.resolve("sparse.raw");
        Cli.Run e = Cli.run("export", "--upper", data, raw);
        assertThat(e.exit()).as(e.err()).isZero();
        assertThat(HexFormat.of().formatHex(Cli.sha().digest(Files.readAllBytes(raw)))).isEqualTo(sha);
        Path merged = dir.resolve("merged");
        assertThat(Cli.run("merge", "--upper", data, merged).exit()).isZero();
        assertThat(Cli.layerSha256(merged)).isEqualTo(sha);
    }

    @Test
    void mergeOfLowersAndAWritableUpperEqualsTheCombinedImage() throws Exception {
        Path merged = dir.resolve("merged");
        String upper = Fixtures.layer("stack-upper.data") + "," + Fixtures.layer("stack-upper.index");
        Cli.Run m = Cli.run("merge", "--upper", upper, merged, Fixtures.layer("stack-l1.zfile"),
                Fixtures.layer("stack-l2.lsmt"), Fixtures.layer("stack-l3.zfile"));
        assertThat(m.exit()).as(m.err()).isZero();
        assertThat(Cli.layerSha256(merged)).isEqualTo(Fixtures.fixture("stack3+rw").get("expected").get("sha256")
                .asText());
    }

    @Test
    void helpDocumentsSizesAndEveryToolIsRegistered() {
        Cli.Run h = Cli.run("create", "--help");
        assertThat(h.exit()).isZero();
        assertThat(h.out().replaceAll("\\s+", " ")).contains("a bare number is GiB").contains("--sparse")
                .contains("--parent-uuid").doesNotContain("--progress");
        assertThat(Cli.run("export", "--help").out()).contains("--[no-]progress");
        Cli.Run root = Cli.run("--help");
        assertThat(root.out()).contains("create", "commit", "zfile", "merge", "export", "import-raw", "info",
                "daemon");
        Cli.Run missing = Cli.run("commit");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required parameter");
    }
}
