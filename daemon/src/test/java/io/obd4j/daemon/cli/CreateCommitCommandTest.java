package io.obd4j.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.format.lsmt.LsmtHeader;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.format.lsmt.TestPatterns;
import io.obd4j.core.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateCommitCommandTest {
    private static final String UUID = "a0000000-0000-4000-8000-000000000001";
    private static final String MESSAGE = "fixture rw1 commit";

    @TempDir
    Path dir;

    @Test
    void createWriteCommitReproducesTheCppCommitByteForByte() throws Exception {
        Path data = dir.resolve("rw.data");
        Path index = dir.resolve("rw.index");
        Cli.Run created = Cli.run("create", "--uuid", UUID, data, index, "64M");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).isEqualTo("overlaybd-create has created files SUCCESSFULLY\n");
        try (RwLayer layer = RwLayer.open(data, index, true)) {
            TestPatterns.replay(layer, Fixtures.fixture("rw1").get("ops"));
            layer.flush();
        }
        assertThat(Files.readAllBytes(data)).isEqualTo(Files.readAllBytes(Fixtures.layer("rw1.data")));
        Path out = dir.resolve("commit.lsmt");
        Cli.Run commit = Cli.run("commit", "--uuid", UUID, "-m", MESSAGE, data, index, out);
        assertThat(commit.exit()).as(commit.err()).isZero();
        assertThat(commit.out()).isEqualTo("overlaybd-commit has committed files SUCCESSFULLY\n");
        assertThat(commit.err()).isEmpty();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(Fixtures.layer("commit1.lsmt")));
    }

    @Test
    void commitOfTheCppLayerEqualsTheCppCommitAndTheRegistryTar() throws Exception {
        Path data = copy("rw1.data");
        Path index = copy("rw1.index");
        Path lsmt = dir.resolve("c.lsmt");
        assertThat(Cli.run("commit", "--uuid", UUID, "-m", MESSAGE, data, index, lsmt).exit()).isZero();
        assertThat(Files.readAllBytes(lsmt)).isEqualTo(Files.readAllBytes(Fixtures.layer("commit1.lsmt")));
        Path tar = dir.resolve("c.tar");
        Cli.Run zt = Cli.run("commit", "-z", "-t", "--uuid", UUID, data, index, tar);
        assertThat(zt.exit()).as(zt.err()).isZero();
        assertThat(Files.readAllBytes(tar))
                .isEqualTo(Files.readAllBytes(Fixtures.layer("commit1.commit-zt-lz4-4k.tar")));
        Path z16 = dir.resolve("c.zfile");
        assertThat(Cli.run("commit", "-z", "--algorithm", "zstd", "--bs", "16", "--uuid", UUID, data, index, z16)
                .exit()).isZero();
        assertThat(Cli.layerSha256(z16)).isEqualTo(Fixtures.fixture("commit1").get("expected").get("sha256")
                .asText());
    }

    @Test
    void tarAndZFileOptionsWithoutZAreIgnoredWithAWarning() throws Exception {
        Path out = dir.resolve("plain.lsmt");
        Cli.Run c = Cli.run("commit", "-t", "--bs", "16", "--uuid", UUID, "-m", MESSAGE, copy("rw1.data"),
                copy("rw1.index"), out);
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.err()).isEqualTo("WARNING option '--bs' and '--algorithm' will be ignored without '-z'\n"
                + "WARNING option '-t' will be ignored without '-z'\n");
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(Fixtures.layer("commit1.lsmt")));
    }

    @Test
    void existingOutputIsRefusedWithoutForce() throws Exception {
        Path data = copy("rw1.data");
        Path index = copy("rw1.index");
        Path out = dir.resolve("exists.lsmt");
        Files.writeString(out, "keep me");
        Cli.Run refused = Cli.run("commit", data, index, out);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("exists.lsmt").contains("file exists").doesNotContain("\tat ");
        assertThat(refused.err().lines()).hasSize(1);
        assertThat(Files.readString(out)).isEqualTo("keep me");
        assertThat(Cli.run("commit", "-f", "--uuid", UUID, "-m", MESSAGE, data, index, out).exit()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(Fixtures.layer("commit1.lsmt")));
    }

    @Test
    void sealInPlaceThenCommitSealedGivesTheSameCommit() throws Exception {
        Path data = copy("rw1.data");
        Path index = copy("rw1.index");
        Cli.Run seal = Cli.run("commit", "--seal", data, index);
        assertThat(seal.exit()).as(seal.err()).isZero();
        assertThat(seal.out()).isEmpty();
        Cli.Run info = Cli.run("info", "--json", data);
        assertThat(info.out()).contains("\"kind\" : \"lsmt-ro(sealed)\"");
        Path out = dir.resolve("sealed.commit");
        Cli.Run c = Cli.run("commit", "--commit-sealed", "--uuid", UUID, "-m", MESSAGE, data, out);
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(Fixtures.layer("commit1.lsmt")));
    }

    @Test
    void createTakesSizeUnitsAndBareGibAndRefusesExistingFiles() throws Exception {
        Path data = dir.resolve("a.data");
        Path index = dir.resolve("a.index");
        assertThat(Cli.run("create", "-u", "a0000000-0000-4000-8000-00000000000b", data, index, "1").exit())
                .isZero();
        LsmtHeader h = LayerFiles.readHeader(data);
        assertThat(h.virtualSize()).isEqualTo(1L << 30);
        assertThat(h.parentUuid()).isEqualTo("A0000000-0000-4000-8000-00000000000B");
        assertThat(h.flags()).isEqualTo(3);
        Cli.Run again = Cli.run("create", data, index, "1");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("a.data").contains("file exists");
        Path sparse = dir.resolve("s.data");
        assertThat(Cli.run("create", "--sparse", sparse, dir.resolve("s.index"), "10GiB").exit()).isZero();
        assertThat(LayerFiles.readHeader(sparse).flags()).isEqualTo(0x13);
        assertThat(LayerFiles.readHeader(sparse).virtualSize()).isEqualTo(10L << 30);
        assertThat(Files.size(dir.resolve("s.index"))).isZero();
        Cli.Run bad = Cli.run("create", dir.resolve("b.data"), dir.resolve("b.index"), "12X");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown unit 'X'");
        assertThat(dir.resolve("b.data")).doesNotExist();
    }

    @Test
    void sparseLayerCommitsWithTwoPositionals() throws Exception {
        Path data = dir.resolve("s.data");
        assertThat(Cli.run("create", "-s", data, dir.resolve("s.index"), "64M").exit()).isZero();
        try (RwLayer layer = RwLayer.open(data, null, true)) {
            TestPatterns.replay(layer, Fixtures.fixture("rw1").get("ops"));
        }
        Path out = dir.resolve("s.commit");
        Cli.Run c = Cli.run("commit", data, out);
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(Cli.layerSha256(out)).isEqualTo(Fixtures.fixture("rw1").get("expected").get("sha256").asText());
        Cli.Run appendOnly = Cli.run("commit", copy("rw1.data"), dir.resolve("x"));
        assertThat(appendOnly.exit()).isEqualTo(1);
        assertThat(appendOnly.err()).contains("DATA INDEX OUTPUT");
    }

    private Path copy(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.copy(Fixtures.layer(name), p, StandardCopyOption.REPLACE_EXISTING);
        p.toFile().setWritable(true);
        return p;
    }
}
