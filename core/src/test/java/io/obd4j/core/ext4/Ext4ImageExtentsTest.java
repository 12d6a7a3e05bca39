package io.obd4j.core.ext4;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extents create and apply report are exactly what a converter must copy; same input, same bytes. */
class Ext4ImageExtentsTest {
    @TempDir
    Path dir;

    @Test
    void freshImageIsTheBaseLayersFilesystemAndItsDataExtentsHoldAllOfIt() throws IOException {
        Path raw = dir.resolve("base.raw");
        try (Ext4Image img = Ext4Image.create(raw, Ext4ImageLayersTest.VSIZE, Ext4Options.defaults())) {
            List<Extent> data = img.dataExtents();
            assertThat(data).isNotEmpty().allSatisfy(e -> assertThat(e.offset() % 4096).isZero());
            long total = data.stream().mapToLong(Extent::length).sum();
            assertThat(total).isLessThan(64L << 20);
            Path copy = dir.resolve("copy.raw");
            SparseFiles.copyRanges(raw, copy, data);
            SparseFiles.assertSameContent(raw, copy);
        }
        String header = E2fsTools.runChecked(List.of(E2fsTools.locate("dumpe2fs"), "-h", raw.toString()), 1,
            Map.of());
        assertThat(header).containsPattern("Filesystem features:\\s+has_journal ext_attr resize_inode dir_index "
            + "filetype extent 64bit flex_bg sparse_super large_file huge_file uninit_bg dir_nlink extra_isize\\n")
            .containsPattern("Filesystem UUID:\\s+3d8b79fe-5d5f-40ce-a25b-45f392bdf32b")
            .containsPattern("Block count:\\s+16777216").containsPattern("Inode count:\\s+4194304")
            .containsPattern("Inode size:\\s+256").containsPattern("Filesystem created:\\s+Mon Mar  1 00:00:00 2021");
    }

    @Test
    void returnedExtentsCoverEveryChangedByte() throws IOException {
        Path raw = dir.resolve("fs.raw");
        try (Ext4Image img = Ext4Image.create(raw, Ext4ImageLayersTest.VSIZE, Ext4Options.defaults())) {
            Path before = dir.resolve("before0.raw");
            SparseFiles.copyRanges(raw, before, img.dataExtents());
            List<Extent> changed1 = img.apply(new ByteArrayInputStream(Ext4ImageLayersTest.layer1()), "l1", n -> { });
            assertPatchGivesAfter(before, changed1, raw);

            Path before1 = dir.resolve("before1.raw");
            SparseFiles.copyRanges(raw, before1, img.dataExtents());
            List<Extent> changed2 = img.apply(new ByteArrayInputStream(Ext4ImageLayersTest.layer2()), "l2", n -> { });
            assertPatchGivesAfter(before1, changed2, raw);
            long bytes2 = changed2.stream().mapToLong(Extent::length).sum();
            assertThat(bytes2).as("layer 2 rewrites metadata and small files only").isLessThan(4L << 20);
        }
    }

    @Test
    void layerThatChangesNothingRunsNoDebugfsAndReportsNoExtents() throws IOException {
        Path raw = dir.resolve("fs.raw");
        try (Ext4Image img = Ext4Image.create(raw, Ext4ImageLayersTest.VSIZE, Ext4Options.defaults())) {
            Path before = dir.resolve("before.raw");
            SparseFiles.copyRanges(raw, before, img.dataExtents());
            byte[] onlyWhiteouts = new TarBuilder().file(".wh.absent", "").file("no/such/.wh..wh..opq", "").build();
            assertThat(img.apply(new ByteArrayInputStream(new byte[1024]), "empty", n -> { })).isEmpty();
            assertThat(img.apply(new ByteArrayInputStream(onlyWhiteouts), "whiteouts", n -> { })).isEmpty();
            assertThat(img.layers()).isEqualTo(2);
            SparseFiles.assertSameContent(raw, before);
            assertThat(Extents.dataExtents(raw)).isEqualTo(Extents.dataExtents(before));
        }
    }

    private static void assertPatchGivesAfter(Path before, List<Extent> changed, Path after) throws IOException {
        assertThat(changed).isNotEmpty();
        for (int i = 0; i < changed.size(); i++) {
            Extent e = changed.get(i);
            assertThat(e.offset() % 4096).isZero();
            assertThat(e.length() % 4096).isZero();
            if (i > 0) {
                assertThat(e.offset()).isGreaterThan(changed.get(i - 1).end());
            }
        }
        SparseFiles.copyRanges(after, before, changed);
        SparseFiles.assertSameContent(before, after);
    }

    @Test
    void sameOptionsAndTarsGiveTheSameBytesEvenAcrossReopenAndTime() throws IOException, InterruptedException {
        Path a = dir.resolve("a.raw");
        List<Extent> a1;
        List<Extent> a2;
        try (Ext4Image img = Ext4Image.create(a, Ext4ImageLayersTest.VSIZE, Ext4Options.defaults())) {
            a1 = img.apply(new ByteArrayInputStream(Ext4ImageLayersTest.layer1()), "l1", n -> { });
            a2 = img.apply(new ByteArrayInputStream(Ext4ImageLayersTest.layer2()), "l2", n -> { });
        }
        // e2fsprogs stamps with time(NULL) wherever it is not told otherwise: a second later shows it
        Thread.sleep(1100);
        Path b = dir.resolve("b.raw");
        List<Extent> b1;
        try (Ext4Image img = Ext4Image.create(b, Ext4ImageLayersTest.VSIZE, Ext4Options.defaults())) {
            b1 = img.apply(new ByteArrayInputStream(Ext4ImageLayersTest.layer1()), "l1", n -> { });
        }
        List<Extent> b2;
        try (Ext4Image img = Ext4Image.open(b, Ext4Options.defaults())) {
            assertThat(img.layers()).isEqualTo(1);
            b2 = img.apply(new ByteArrayInputStream(Ext4ImageLayersTest.layer2()), "l2", n -> { });
        }
        assertThat(b1).isEqualTo(a1);
        assertThat(b2).isEqualTo(a2);
        assertThat(SparseFiles.digest(b)).isEqualTo(SparseFiles.digest(a));
        SparseFiles.assertSameContent(a, b);
        assertThat(Files.size(a)).isEqualTo(Ext4ImageLayersTest.VSIZE);
    }
}
