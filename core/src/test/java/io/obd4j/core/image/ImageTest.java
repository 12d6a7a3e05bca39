package io.obd4j.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.obd4j.core.format.BlobUnwrapper;
import io.obd4j.core.format.lsmt.CommitArgs;
import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.LsmtHeader;
import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.format.lsmt.LsmtReader;
import io.obd4j.core.format.lsmt.LsmtWritableFile;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.format.lsmt.SegmentIndex;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.testing.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTest {
    @TempDir
    Path dir;

    static LsmtLayer ro(Path file) throws IOException {
        LocalFileSource raw = LocalFileSource.open(file);
        return LsmtReader.open(BlobUnwrapper.unwrap(raw), file.getFileName().toString());
    }

    static LayerStack stack(String... files) throws IOException {
        List<LsmtLayer> layers = new ArrayList<>();
        for (String f : files) {
            layers.add(ro(Fixtures.layer(f)));
        }
        return LayerStack.of(layers);
    }

    static LayerStack stack3() throws IOException {
        return stack("stack-l1.zfile", "stack-l2.lsmt", "stack-l3.zfile");
    }

    static void assertIndex(String name, SegmentIndex index) throws IOException {
        List<String> want = new ArrayList<>();
        for (JsonNode m : Fixtures.expectedIndex(name).get("mappings")) {
            want.add(m.get("offset").asLong() + "," + m.get("length").asInt() + "," + m.get("moffset").asLong()
                    + "," + m.get("zeroed").asInt() + "," + m.get("tag").asInt());
        }
        List<String> got = new ArrayList<>();
        index.forEach((o, l, m, z, t) -> got.add(o + "," + l + "," + m + "," + (z ? 1 : 0) + "," + t));
        assertThat(got).containsExactlyElementsOf(want);
    }

    @Test
    void cppUpperOverThreeLowersReadsLikeOverlaybd() throws Exception {
        RwLayer upper = LsmtWritableFile.open(Fixtures.layer("stack-upper.data"),
                Fixtures.layer("stack-upper.index"), false);
        try (Image image = Image.open(stack3(), upper)) {
            assertThat(image.isReadOnly()).isFalse();
            assertIndex("stack3+rw", image.index());
            ImageOracle.assertImageMatches(image, Fixtures.fixture("stack3+rw").get("expected"));
        }
    }

    @Test
    void sparseUpperShowsTheLowerLayerThroughPunchedHoles() throws Exception {
        Process p = new ProcessBuilder("tar", "-xSzf", Fixtures.layer("sparse-upper.tar.gz").toString(), "-C",
                dir.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor()).isZero();
        RwLayer upper = RwLayer.open(dir.resolve("layers/sparse-upper.data"), null, false);
        try (Image image = Image.open(stack("stack-l1.zfile"), upper)) {
            assertIndex("stack-l1+sparse-upper", image.index());
            ImageOracle.assertImageMatches(image, Fixtures.fixture("stack-l1+sparse-upper").get("expected"));
        }
    }

    @Test
    void upperOfSizeZeroTakesTheLowerSizeAndRewritesBothHeaders() throws Exception {
        Path data = dir.resolve("u.data");
        Path index = dir.resolve("u.index");
        RwLayer upper = LsmtWritableFile.create(data, index, LayerInfo.of(0));
        try (Image image = Image.open(stack3(), upper)) {
            assertThat(image.size()).isEqualTo(64L << 20);
        }
        for (Path p : new Path[] {data, index}) {
            byte[] b = Files.readAllBytes(p);
            assertThat(LsmtHeader.decode(b, 0, p.toString(), 0).virtualSize()).isEqualTo(64L << 20);
        }
    }

    @Test
    void writesAndDiscardsMaskTheLowersAndReadOnlyImagesRefuseThem() throws Exception {
        RwLayer upper = LsmtWritableFile.create(dir.resolve("w.data"), dir.resolve("w.index"), LayerInfo.of(0));
        try (Image image = Image.open(stack3(), upper); Image ro = Image.open(stack3(), null)) {
            long chunk = Fixtures.fixture("stack3").get("expected").get("nonzero_chunks").get(0).get("offset")
                    .asLong();
            ByteBuffer lower = ByteBuffer.allocate(1 << 20);
            ro.read(lower, chunk);
            assertThat(lower.array()).isNotEqualTo(new byte[1 << 20]);
            image.discard(chunk, 1 << 20);
            ByteBuffer got = ByteBuffer.allocate(1 << 20);
            image.read(got, chunk);
            assertThat(got.array()).isEqualTo(new byte[1 << 20]);
            byte[] pattern = new byte[8192];
            java.util.Arrays.fill(pattern, (byte) 0x5A);
            image.write(ByteBuffer.wrap(pattern), 4096);
            image.flush();
            ByteBuffer back = ByteBuffer.allocate(8192);
            image.read(back, 4096);
            assertThat(back.array()).isEqualTo(pattern);
            assertThatThrownBy(() -> ro.write(ByteBuffer.wrap(pattern), 0)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> image.write(ByteBuffer.wrap(pattern), (64L << 20) - 4096))
                    .isInstanceOf(IOException.class).hasMessageContaining("beyond");
        }
    }

    @Test
    void restackKeepsContentAndTheNewUpperTakesTheWrites() throws Exception {
        LayerInfo info = LayerInfo.of(64L << 20);
        Path oldData = dir.resolve("old.data");
        RwLayer first = LsmtWritableFile.create(oldData, dir.resolve("old.index"), info);
        JsonNode expected = Fixtures.fixture("stack3+rw").get("expected");
        byte[] extra = new byte[65536];
        java.util.Arrays.fill(extra, (byte) 0x33);
        try (Image image = Image.open(stack3(), first)) {
            replayStackUpper(image);
            ImageOracle.assertImageMatches(image, expected);
            RwLayer second = LsmtWritableFile.create(dir.resolve("new.data"), dir.resolve("new.index"), info);
            image.restack(second);
            assertThat(image.lowers().layerCount()).isEqualTo(4);
            ImageOracle.assertImageMatches(image, expected);
            image.write(ByteBuffer.wrap(extra), 1 << 20);
        }
        // The sealed old upper is an ordinary read-only layer now: reopen the whole stack from disk.
        List<LsmtLayer> lowers = new ArrayList<>();
        for (String f : new String[] {"stack-l1.zfile", "stack-l2.lsmt", "stack-l3.zfile"}) {
            lowers.add(ro(Fixtures.layer(f)));
        }
        lowers.add(ro(oldData));
        try (LayerStack four = LayerStack.of(lowers)) {
            ImageOracle.assertImageMatches(four, expected);
        }
        RwLayer reopened = LsmtWritableFile.open(dir.resolve("new.data"), dir.resolve("new.index"), false);
        try (Image image = Image.open(stack3(), reopened)) {
            ByteBuffer got = ByteBuffer.allocate(65536);
            image.read(got, 1 << 20);
            assertThat(got.array()).isEqualTo(extra);
        }
    }

    /** FileTest3.restack_sparse: a sparse upper seals (index after the virtual disk) and stays readable. */
    @Test
    void restackOfASparseUpperKeepsContent() throws Exception {
        LayerInfo info = LayerInfo.of(64L << 20);
        RwLayer sparse = RwLayer.create(dir.resolve("s.data"), null, info.withSparse(true));
        byte[] a = new byte[16384];
        java.util.Arrays.fill(a, (byte) 0x11);
        try (Image image = Image.open(stack3(), sparse)) {
            image.write(ByteBuffer.wrap(a), 8L << 20);
            image.discard(0, 4096);
            ByteBuffer before = ByteBuffer.allocate(16 << 20);
            image.read(before, 0);
            image.restack(LsmtWritableFile.create(dir.resolve("n.data"), dir.resolve("n.index"), info));
            ByteBuffer after = ByteBuffer.allocate(16 << 20);
            image.read(after, 0);
            assertThat(after.array()).isEqualTo(before.array());
            assertThat(image.lowers().layer(0).trailer().flags()).isEqualTo(0x16);
        }
    }

    @Test
    void flattenOfAStackWithUpperReadsLikeTheStack() throws Exception {
        Path out = dir.resolve("flat.lsmt");
        RwLayer upper = LsmtWritableFile.open(Fixtures.layer("stack-upper.data"),
                Fixtures.layer("stack-upper.index"), false);
        try (Image image = Image.open(stack3(), upper);
             FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            image.flatten(CommitArgs.defaults(), ch);
        }
        try (LsmtLayer flat = ro(out); LayerStack one = LayerStack.of(List.of(flat))) {
            assertThat(flat.uuid()).isEqualTo("00000000-0000-0000-0000-000000000000");
            // parent uuid: from the last source file's header = the writable layer's (stack-upper's parent l3)
            assertThat(flat.parentUuid()).isEqualTo("A0000000-0000-4000-8000-00000000000D");
            ImageOracle.assertImageMatches(one, Fixtures.fixture("stack3+rw").get("expected"));
        }
        // On disk the flattened records keep their source-layer tag (0..2 = lowers from the top, 3 = the upper).
        byte[] raw = Files.readAllBytes(out);
        LsmtHeader trailer = LsmtHeader.decode(raw, raw.length - 4096, "flat", raw.length - 4096);
        java.util.Set<Integer> tags = new java.util.TreeSet<>();
        for (long i = 0; i < trailer.indexSize(); i++) {
            int at = (int) (trailer.indexOffset() + 16 * i);
            if ((raw[at + 6] & 0xFF) != 3 || raw[at] != (byte) 0xFF) {
                tags.add(raw[at + 15] & 0xFF);
            }
        }
        assertThat(tags).containsExactly(0, 1, 2, 3);
        Path out3 = dir.resolve("flat3.lsmt");
        try (Image image = Image.open(stack3(), null);
             FileChannel ch = FileChannel.open(out3, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            image.flatten(CommitArgs.defaults(), ch);
        }
        try (LsmtLayer flat = ro(out3); LayerStack one = LayerStack.of(List.of(flat))) {
            assertThat(flat.parentUuid()).isEqualTo("00000000-0000-0000-0000-000000000000");
            ImageOracle.assertImageMatches(one, Fixtures.fixture("stack3").get("expected"));
        }
    }

    private static void replayStackUpper(Image image) throws IOException {
        for (JsonNode op : Fixtures.fixture("stack-upper").get("ops")) {
            long off = op.get(1).asLong();
            long len = op.get(2).asLong();
            if (op.get(0).asText().equals("discard")) {
                image.discard(off, len);
            } else {
                image.write(io.obd4j.core.format.lsmt.TestPatterns.generate(op.get(3).asText(), off, (int) len), off);
            }
        }
    }
}
