package io.obd4j.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.format.zfile.CompressionAlgorithm;
import io.obd4j.core.format.zfile.ZFileReader;
import io.obd4j.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ZfileCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"lz4,4,true", "lz4,8,false", "lz4,64,true", "zstd,4,true", "zstd,16,false", "zstd,64,true",
        "lz4,32,true", "zstd,32,false"})
    void compressThenDecompressGivesTheSourceBack(String algo, int kib, boolean crc) throws Exception {
        Path src = Fixtures.layer("commit1.lsmt");
        Path z = dir.resolve("c.zfile");
        Cli.Run c = crc ? Cli.run("zfile", "--algorithm", algo, "--bs", kib, src, z)
                : Cli.run("zfile", "--algorithm", algo, "--bs", kib, "--no-crc", src, z);
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).isEqualTo("compress file " + src + " as " + z + "\ncompress file done.\n");
        try (ZFileReader r = ZfileCommand.openZFile(z)) {
            assertThat(r.algorithm()).isEqualTo(CompressionAlgorithm.parse(algo));
            assertThat(r.blockSize()).isEqualTo(kib * 1024);
            assertThat(r.hasBlockCrc()).isEqualTo(crc);
        }
        Path x = dir.resolve("c.x");
        Cli.Run d = Cli.run("zfile", "-x", z, x);
        assertThat(d.exit()).as(d.err()).isZero();
        assertThat(Files.readAllBytes(x)).isEqualTo(Files.readAllBytes(src));
        Cli.Run v = Cli.run("zfile", "--verify", z);
        assertThat(v.exit()).isEqualTo(crc ? 0 : 1);
    }

    @Test
    void lz4CompressionIsByteIdenticalToTheCppTool() throws Exception {
        Path z = dir.resolve("c.zfile");
        assertThat(Cli.run("zfile", "--algorithm", "lz4", "--bs", "64", Fixtures.layer("commit1.lsmt"), z).exit())
                .isZero();
        assertThat(hex(Files.readAllBytes(z))).isEqualTo(hex(Files.readAllBytes(
                Fixtures.layer("commit1.lz4-64k-crc.zfile"))));
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(Cli.sha().digest(b));
    }

    @ParameterizedTest
    @ValueSource(strings = {"commit1.lz4-4k-crc.zfile", "commit1.lz4-64k-nocrc.zfile", "commit1.zstd-4k-nocrc.zfile",
        "commit1.zstd-64k-crc.zfile", "commit1.commit-z-zstd-16k.zfile"})
    void decompressesTheCppZFiles(String name) throws Exception {
        Path x = dir.resolve(name + ".x");
        Cli.Run d = Cli.run("zfile", "-x", Fixtures.layer(name), x);
        assertThat(d.exit()).as(d.err()).isZero();
        String fixture = name.substring(0, name.length() - ".zfile".length());
        assertThat(hex(Files.readAllBytes(x))).isEqualTo(Fixtures.fixture(fixture).get("decompressed").get("sha256")
                .asText());
    }

    @Test
    void decompressesTheTarWrappedRegistryBlob() throws Exception {
        Path x = dir.resolve("t.x");
        assertThat(Cli.run("zfile", "-x", "-t", Fixtures.layer("commit1.commit-zt-lz4-4k.tar"), x).exit()).isZero();
        assertThat(Cli.sha().digest(Files.readAllBytes(x))).isEqualTo(java.util.HexFormat.of().parseHex(
                Fixtures.fixture("commit1.commit-zt-lz4-4k.tar").get("decompressed").get("sha256").asText()));
    }

    @Test
    void verifyNamesTheCorruptBlock() {
        Path bad = Fixtures.layer("corrupt.commit1.lz4-4k-crc.flip");
        Cli.Run v = Cli.run("zfile", "--verify", bad);
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.err()).startsWith("obd4j zfile: crc check error in block 34: ").contains("CRC32C of block 34");
        assertThat(v.err().lines()).hasSize(1);
        assertThat(v.out()).isEqualTo(bad + " is not a valid zfile blob or checksum can't be found.\n");
        Cli.Run good = Cli.run("zfile", "--verify", Fixtures.layer("commit1.lz4-4k-crc.zfile"));
        assertThat(good.exit()).isZero();
        assertThat(good.out()).isEqualTo(Fixtures.layer("commit1.lz4-4k-crc.zfile") + " is a valid zfile blob.\n");
        Cli.Run x = Cli.run("zfile", "-x", bad, dir.resolve("bad.x"));
        assertThat(x.exit()).isEqualTo(1);
        assertThat(x.err()).contains("block 34");
        assertThat(dir.resolve("bad.x")).doesNotExist();
    }

    @Test
    void logLinesGoToStderrAndOnlyWithVerbose() throws Exception {
        Path bad = Fixtures.layer("corrupt.commit1.lz4-4k-crc.flip");
        java.io.PrintStream savedOut = System.out;
        java.io.PrintStream savedErr = System.err;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(out, true));
            System.setErr(new java.io.PrintStream(err, true));
            assertThat(Cli.run("zfile", "-x", bad, dir.resolve("q.x")).exit()).isEqualTo(1);
            assertThat(err.toString()).isEmpty();
            assertThat(Cli.run("zfile", "--verbose", "-x", bad, dir.resolve("v.x")).exit()).isEqualTo(1);
            assertThat(err.toString()).contains("WARN  ZFileReader: ").contains("block 34");
            assertThat(out.toString()).isEmpty();
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    @Test
    void tarWrappedCompressionIsReadableAsALayer() throws Exception {
        Path t = dir.resolve("c.tar");
        assertThat(Cli.run("zfile", "-t", Fixtures.layer("commit1.lsmt"), t).exit()).isZero();
        assertThat(Cli.layerSha256(t)).isEqualTo(Fixtures.fixture("commit1").get("expected").get("sha256").asText());
        Cli.Run again = Cli.run("zfile", "-t", Fixtures.layer("commit1.lsmt"), t);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(Cli.run("zfile", "-t", "-f", Fixtures.layer("commit1.lsmt"), t).exit()).isZero();
    }

    @Test
    void oneFileCompressesStdinIntoIt() throws Exception {
        Path z = dir.resolve("stdin.zfile");
        java.io.InputStream saved = System.in;
        try {
            System.setIn(Files.newInputStream(Fixtures.layer("commit1.lsmt")));
            Cli.Run c = Cli.run("zfile", "--algorithm", "zstd", z);
            assertThat(c.exit()).as(c.err()).isZero();
            assertThat(c.out()).isEqualTo("compress file  as " + z + "\ncompress file done.\n");
        } finally {
            System.in.close();
            System.setIn(saved);
        }
        assertThat(Cli.layerSha256(z)).isEqualTo(Fixtures.fixture("commit1").get("expected").get("sha256").asText());
    }

    @Test
    void badBlockSizeIsOneClearLine() {
        Cli.Run r = Cli.run("zfile", "--bs", "12", Fixtures.layer("commit1.lsmt"), dir.resolve("o"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("obd4j zfile: --bs must be 4, 8, 16, 32 or 64 (KiB), not 12\n");
    }
}
