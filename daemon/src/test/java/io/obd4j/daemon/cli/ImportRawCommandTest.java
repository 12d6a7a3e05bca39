package io.obd4j.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.testing.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportRawCommandTest {
    @TempDir
    Path dir;

    @Test
    void importOfAnExportedImageKeepsItsHashAndMapsNoZeroBlock() throws Exception {
        Path raw = dir.resolve("stack3.raw");
        assertThat(Cli.run("export", raw, Fixtures.layer("stack-l1.zfile"), Fixtures.layer("stack-l2.lsmt"),
                Fixtures.layer("stack-l3.zfile")).exit()).isZero();
        String sha = Fixtures.fixture("stack3").get("expected").get("sha256").asText();
        Path plain = dir.resolve("plain.lsmt");
        Cli.Run i = Cli.run("import-raw", raw, plain);
        assertThat(i.exit()).as(i.err()).isZero();
        assertThat(Cli.layerSha256(plain)).isEqualTo(sha);
        assertNoMappedZeroBlock(plain);
        Path zt = dir.resolve("z.tar");
        Cli.Run z = Cli.run("import-raw", "-z", "--algorithm", "zstd", "--bs", "8", "-t", raw, zt);
        assertThat(z.exit()).as(z.err()).isZero();
        assertThat(Cli.layerSha256(zt)).isEqualTo(sha);
        assertThat(Cli.run("info", "--json", zt).out()).contains("\"kind\" : \"tar(zfile(lsmt-ro))\"")
                .contains("\"algo\" : \"zstd\"").contains("\"block_size\" : 8192");
    }

    @Test
    void ext4ImageSurvivesImportAndExportByteForByte() throws Exception {
        Path content = Files.createDirectories(dir.resolve("content/etc"));
        Files.writeString(content.resolve("hostname"), "obd4j\n");
        Files.write(dir.resolve("content/blob.bin"), HexFormat.of().parseHex("00ff".repeat(300_000)));
        Path img = dir.resolve("fs.ext4");
        exec("mkfs.ext4", "-q", "-F", "-b", "4096", "-E", "lazy_itable_init=0,lazy_journal_init=0", "-U",
                "b0000000-0000-4000-8000-000000000001", "-d", dir.resolve("content").toString(), img.toString(),
                "32M");
        Path layer = dir.resolve("fs.layer");
        Cli.Run i = Cli.run("import-raw", "-z", img, layer);
        assertThat(i.exit()).as(i.err()).isZero();
        Path back = dir.resolve("fs.back");
        Cli.Run e = Cli.run("export", back, layer);
        assertThat(e.exit()).as(e.err()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(img));
        assertThat(exec("e2fsck", "-fn", back.toString())).contains("Pass 5");
        assertNoMappedZeroBlock(layer);
    }

    @Test
    void rawSizeMustBeWholeSectors() throws Exception {
        Path raw = dir.resolve("odd.raw");
        Files.write(raw, new byte[1000]);
        Cli.Run r = Cli.run("import-raw", raw, dir.resolve("o"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("size 1000 is not a multiple of 512");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    private static void assertNoMappedZeroBlock(Path layer) throws IOException {
        try (var stack = LayerFiles.stack(List.of(layer))) {
            LsmtLayer l = stack.layer(0);
            ByteBuffer b = ByteBuffer.allocate(4096);
            long mapped = 0;
            for (int r = 0; r < l.index().size(); r++) {
                assertThat(l.index().zeroed(r)).isFalse();
                for (long s = l.index().offset(r); s < l.index().end(r); s += 8) {
                    b.clear().limit((int) Math.min(4096, (l.index().end(r) - s) * 512));
                    stack.read(b, s * 512);
                    assertThat(SparseExport.allZero(b.array(), 0, b.position())).as("sector %d", s).isFalse();
                    mapped++;
                }
            }
            assertThat(mapped).isPositive();
        }
    }

    private static String exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }
}
