package io.obd4j.core.ext4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad layer fails naming the entry and leaves the image and its tree as they were. */
class Ext4ImageErrorsTest {
    @TempDir
    Path dir;
    Path raw;
    Ext4Image img;
    Path before;

    @BeforeEach
    void makeImageWithOneLayer() throws IOException {
        raw = dir.resolve("fs.raw");
        img = Ext4Image.create(raw, Ext4ImageLayersTest.VSIZE, Ext4Options.defaults());
        img.apply(new ByteArrayInputStream(new TarBuilder().file("a/keep", "keep").build()), "base", n -> { });
        before = dir.resolve("before.raw");
        SparseFiles.copyRanges(raw, before, img.dataExtents());
    }

    @Test
    void truncatedTarNamesTheEntryBeingRead() throws IOException {
        byte[] full = new TarBuilder().file("a/one", "1").file("a/two", "x".repeat(3000)).build();
        byte[] cut = Arrays.copyOf(full, 512 * 4 + 700);
        assertThatThrownBy(() -> img.apply(new ByteArrayInputStream(cut), "cut", n -> { }))
            .isInstanceOf(LayerApplyException.class)
            .hasMessageContaining("layer cut").hasMessageContaining("entry 'a/two'").hasMessageContaining("truncated")
            .extracting(e -> ((LayerApplyException) e).entry()).isEqualTo("a/two");
        assertUnchangedAndUsable();
    }

    @Test
    void doubleQuoteInANameIsRefusedBeforeDebugfsRuns() throws IOException {
        byte[] tar = new TarBuilder().file("a/ok", "ok").file("a/say \"hi\"", "q").build();
        assertThatThrownBy(() -> img.apply(new ByteArrayInputStream(tar), "quote", n -> { }))
            .isInstanceOf(LayerApplyException.class)
            .hasMessageContaining("entry 'a/say \"hi\"'").hasMessageContaining("double quote");
        assertUnchangedAndUsable();
    }

    @Test
    void hardlinkToAMissingTargetIsRefused() throws IOException {
        byte[] tar = new TarBuilder().file("a/x", "x").hardlink("a/link", "a/missing").build();
        assertThatThrownBy(() -> img.apply(new ByteArrayInputStream(tar), "hl", n -> { }))
            .isInstanceOf(LayerApplyException.class)
            .hasMessageContaining("entry 'a/link'").hasMessageContaining("a/missing does not exist");
        assertUnchangedAndUsable();
    }

    @Test
    void debugfsErrorIsMappedToItsEntryAndRolledBack() throws IOException {
        String big = "v".repeat(6000); // more than fits beside the inode or in one 4 KiB xattr block
        byte[] tar = new TarBuilder().file("b/first", "1".repeat(100_000))
            .entry('0', "b/big-xattr", "", "x".getBytes(StandardCharsets.UTF_8), 0644, 0, 0,
                Map.of("SCHILY.xattr.user.big", big))
            .file("b/last", "3").build();
        assertThatThrownBy(() -> img.apply(new ByteArrayInputStream(tar), "xattr", n -> { }))
            .isInstanceOf(LayerApplyException.class)
            .hasMessageContaining("layer xattr, entry 'b/big-xattr': debugfs: ea_set: Insufficient space")
            .hasMessageContaining("(command: ea_set -f ")
            .extracting(e -> ((LayerApplyException) e).entry()).isEqualTo("b/big-xattr");
        assertUnchangedAndUsable();
    }

    @Test
    void nameLongerThanExt4AllowsIsRefused() throws IOException {
        String longName = "b/" + "n".repeat(256);
        byte[] tar = new TarBuilder().file("b/first", "1")
            .entry('0', longName, "", "x".getBytes(StandardCharsets.UTF_8), 0644, 0, 0, Map.of()).build();
        assertThatThrownBy(() -> img.apply(new ByteArrayInputStream(tar), "long", n -> { }))
            .isInstanceOf(LayerApplyException.class)
            .hasMessageContaining("layer long, entry '" + longName + "': a name is 256 bytes long");
        assertUnchangedAndUsable();
    }

    @Test
    void corruptHeaderChecksumNamesTheOffset() throws IOException {
        byte[] tar = new TarBuilder().file("a/one", "1").file("a/two", "2").build();
        tar[1024 + 10] ^= 1; // second header's name
        assertThatThrownBy(() -> img.apply(new ByteArrayInputStream(tar), "sum", n -> { }))
            .isInstanceOf(LayerApplyException.class)
            .hasMessageContaining("tar header at offset 1024: header checksum");
        assertUnchangedAndUsable();
    }

    private void assertUnchangedAndUsable() throws IOException {
        SparseFiles.assertSameContent(raw, before); // e2undo writes zeros back where holes were: same bytes
        assertThat(Files.exists(raw.resolveSibling("fs.raw.undo"))).isFalse();
        assertThat(Files.exists(raw.resolveSibling("fs.raw.apply"))).isFalse();
        assertThat(img.layers()).isEqualTo(1);
        img.apply(new ByteArrayInputStream(new TarBuilder().file("a/keep", "again").file("b/new", "n").build()),
            "next", n -> { });
        Ext4Inspector.Result fsck = Ext4Inspector.fsck(raw);
        assertThat(fsck.exitCode()).as(fsck.output()).isZero();
        assertThat(Ext4Inspector.dumpTree(raw, dir.resolve("out"))).containsOnlyKeys("a", "a/keep", "b", "b/new",
            "lost+found");
        img.close();
    }
}
