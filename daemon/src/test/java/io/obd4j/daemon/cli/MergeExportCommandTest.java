package io.obd4j.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeExportCommandTest {
    @TempDir
    Path dir;

    private static String expected(String fixture) {
        return Fixtures.fixture(fixture).get("expected").get("sha256").asText();
    }

    private static Object[] stack3(Object... before) {
        Object[] a = new Object[before.length + 3];
        System.arraycopy(before, 0, a, 0, before.length);
        a[before.length] = Fixtures.layer("stack-l1.zfile");
        a[before.length + 1] = Fixtures.layer("stack-l2.lsmt");
        a[before.length + 2] = Fixtures.layer("stack-l3.zfile");
        return a;
    }

    @Test
    void mergeFlattensTheStackIntoOneZFileLayer() throws Exception {
        Path out = dir.resolve("merged");
        Cli.Run m = Cli.run(stack3("merge", out));
        assertThat(m.exit()).as(m.err()).isZero();
        assertThat(Cli.layerSha256(out)).isEqualTo(expected("stack3"));
        Cli.Run info = Cli.run("info", "--json", out);
        assertThat(info.out()).contains("\"kind\" : \"zfile(lsmt-ro)\"").contains("\"crc\" : true");
        try (LsmtLayer l = LayerFiles.open(out)) {
            assertThat(l.parentUuid()).isEqualTo("00000000-0000-0000-0000-000000000000");
            assertThat(l.virtualSize()).isEqualTo(64L << 20);
        }
    }

    @Test
    void mergeWithoutCompressionAndFromAConfig() throws Exception {
        Path plain = dir.resolve("plain.lsmt");
        assertThat(Cli.run(stack3("merge", "--no-compress", plain)).exit()).isZero();
        assertThat(Cli.layerSha256(plain)).isEqualTo(expected("stack3"));
        assertThat(Cli.run("info", "--json", plain).out()).contains("\"kind\" : \"lsmt-ro\"");
        Path config = dir.resolve("config.v1.json");
        Files.writeString(config, "{\"lowers\":[{\"file\":\"" + Fixtures.layer("stack-l1.zfile") + "\"},{\"file\":\""
                + Fixtures.layer("stack-l2.lsmt") + "\"},{\"file\":\"" + Fixtures.layer("stack-l3.zfile") + "\"}]}");
        Path tar = dir.resolve("merged.tar");
        Cli.Run m = Cli.run("merge", "--config", config, "-t", "--algorithm", "zstd", "--bs", "16", tar);
        assertThat(m.exit()).as(m.err()).isZero();
        assertThat(Cli.layerSha256(tar)).isEqualTo(expected("stack3"));
        Files.writeString(config, "{\"lowers\":[{\"digest\":\"sha256:" + "0".repeat(64) + "\",\"size\":1}],"
                + "\"repoBlobUrl\":\"https://example.invalid/v2/x/blobs\"}");
        Cli.Run remote = Cli.run("merge", "--config", config, dir.resolve("r"));
        assertThat(remote.exit()).isEqualTo(1);
        assertThat(remote.err()).contains("lowers[0] has no local file");
    }

    @Test
    void exportWritesTheImageAsASparseRawFile() throws Exception {
        Path raw = dir.resolve("stack3.raw");
        Cli.Run e = Cli.run(stack3("export", raw));
        assertThat(e.exit()).as(e.err()).isZero();
        assertThat(Files.size(raw)).isEqualTo(64L << 20);
        assertThat(HexFormat.of().formatHex(Cli.sha().digest(Files.readAllBytes(raw)))).isEqualTo(expected("stack3"));
        assertThat(allocatedBytes(raw)).isLessThan((64L << 20) / 4);
    }

    @Test
    void exportWithAWritableUpper() throws Exception {
        Path raw = dir.resolve("rw.raw");
        String upper = Fixtures.layer("stack-upper.data") + "," + Fixtures.layer("stack-upper.index");
        Cli.Run e = Cli.run(stack3("export", "--upper", upper, raw));
        assertThat(e.exit()).as(e.err()).isZero();
        assertThat(HexFormat.of().formatHex(Cli.sha().digest(Files.readAllBytes(raw))))
                .isEqualTo(expected("stack3+rw"));
    }

    @Test
    void aCorruptLayerIsOneLineNamingTheFieldAndVerboseAddsTheTrace() {
        Path bad = Fixtures.layer("corrupt.commit1.lsmt-index-size-huge");
        Cli.Run e = Cli.run("export", dir.resolve("o.raw"), bad);
        assertThat(e.exit()).isEqualTo(1);
        assertThat(e.err().lines()).hasSize(1);
        assertThat(e.err()).startsWith("obd4j export: " + bad).contains("trailer.index_size")
                .contains("exceeds maximum 1000000");
        assertThat(dir.resolve("o.raw")).doesNotExist();
        Cli.Run v = Cli.run("export", "--verbose", dir.resolve("o.raw"), bad);
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.err()).contains("\tat io.obd4j.core.format.lsmt.LsmtReader");
    }

    /** Bytes the file system allocated for {@code p} ({@code stat %b} blocks of 512). */
    static long allocatedBytes(Path p) throws IOException, InterruptedException {
        Process proc = new ProcessBuilder("stat", "-c", "%b", p.toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes()).trim();
        assertThat(proc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return Long.parseLong(out) * 512;
    }
}
