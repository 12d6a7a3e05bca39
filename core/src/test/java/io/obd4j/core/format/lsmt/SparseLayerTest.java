package io.obd4j.core.format.lsmt;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseLayerTest {
    @TempDir
    Path dir;

    /** Extracts a GNU-tar sparse archive of the fixtures into {@code into} (keeps the holes). */
    static Path untarSparse(String archive, Path into) throws Exception {
        Process p = new ProcessBuilder("tar", "-xSzf", Fixtures.layer(archive).toString(), "-C", into.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("tar: " + out).isZero();
        return into.resolve("layers");
    }

    @Test
    void opensTheCppSparseLayerRebuildingTheIndexFromItsExtents() throws Exception {
        Path layers = untarSparse("rw1-sparse.tar.gz", dir);
        try (RwLayer f = RwLayer.open(layers.resolve("rw1-sparse.data"), null, false)) {
            assertThat(f.isSparse()).isTrue();
            FixtureReplay.assertIndex("rw1-sparse", f.index());
            FixtureReplay.assertImage("rw1-sparse", f.virtualSize(), f::read);
        }
    }

    @Test
    void replayingRw1OpsSparselyWritesTheFixtureBytesAndReopensToTheSameIndex() throws Exception {
        Path data = dir.resolve("s.data");
        Path index = dir.resolve("s.index");
        try (RwLayer f = RwLayer.create(data, index, FixtureReplay.createInfo("rw1-sparse"))) {
            FixtureReplay.apply(f, FixtureReplay.ops("rw1-sparse"));
            FixtureReplay.assertImage("rw1-sparse", f.virtualSize(), f::read);
        }
        assertThat(Files.size(index)).isZero();
        Path fixture = untarSparse("rw1-sparse.tar.gz", Files.createDirectory(dir.resolve("x")))
                .resolve("rw1-sparse.data");
        assertThat(sha256(data)).isEqualTo(sha256(fixture));
        try (RwLayer f = RwLayer.open(data, null, false)) {
            FixtureReplay.assertIndex("rw1-sparse", f.index());
        }
    }

    /** FileTest2.commit: the same writes give identical offsets/lengths in both kinds, and both commits agree. */
    @Test
    void appendAndSparseLayersGiveTheSameIndexShapeAndTheSameCommittedImage() throws Exception {
        List<String> shapes = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (boolean sparse : new boolean[] {false, true}) {
            String n = sparse ? "s" : "a";
            LayerInfo info = FixtureReplay.createInfo("rw1").withSparse(sparse);
            Path out = dir.resolve(n + ".lsmt");
            try (RwLayer f = RwLayer.create(dir.resolve(n + ".data"), dir.resolve(n + ".index"), info);
                 FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                FixtureReplay.apply(f, FixtureReplay.ops("rw1"));
                List<String> shape = new ArrayList<>();
                f.index().forEach((o, l, m, z, t) -> shape.add(o + "+" + l + (z ? "z" : "")));
                shapes.add(String.join(" ", shape));
                f.commit(CommitArgs.defaults(), ch);
            }
            images.add(sha256(out));
        }
        assertThat(shapes.get(1)).isEqualTo(shapes.get(0));
        assertThat(images.get(1)).isEqualTo(images.get(0));
    }

    @Test
    void sealedSparseLayerKeepsItsIndexAfterTheVirtualDisk() throws Exception {
        Path data = dir.resolve("q.data");
        try (RwLayer f = RwLayer.create(data, null, LayerInfo.of(1 << 20).withSparse(true))) {
            f.write(OpPatterns.generate("prng:9", 8192, 8192), 8192);
            f.discard(12288, 512);
            f.seal();
        }
        byte[] b = Files.readAllBytes(data);
        LsmtHeader t = LsmtHeader.decode(b, b.length - 4096, "q", b.length - 4096);
        assertThat(t.flags()).isEqualTo(0x16);
        assertThat(t.indexOffset()).isEqualTo((1 << 20) + 4096);
        assertThat(t.indexSize()).isEqualTo(3);
    }

    static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
