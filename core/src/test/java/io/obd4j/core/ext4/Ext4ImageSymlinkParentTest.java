package io.obd4j.core.ext4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries below a symlinked directory land where the symlink points, never outside the filesystem. */
class Ext4ImageSymlinkParentTest {
    @TempDir
    Path dir;

    @Test
    void parentsAreResolvedThroughSymlinksInsideTheRoot() throws IOException {
        Path raw = dir.resolve("fs.raw");
        try (Ext4Image img = Ext4Image.create(raw, Ext4ImageLayersTest.VSIZE, Ext4Options.defaults())) {
            byte[] lower = new TarBuilder().dir("usr/lib/", 0755, 0, 0).file("usr/lib/y", "y")
                .symlink("lib", "usr/lib").symlink("abs", "/usr/lib").symlink("esc", "../../..")
                .symlink("loop", "loop").build();
            img.apply(new ByteArrayInputStream(lower), "lower", n -> { });
            try (Ext4Image again = Ext4Image.open(raw, Ext4Options.defaults())) {
                byte[] upper = new TarBuilder().file("lib/x", "x").file("lib/.wh.y", "").file("abs/z", "z")
                    .file("esc/etc/q", "q").hardlink("h", "lib/x").file("lib/new/deep", "d").build();
                again.apply(new ByteArrayInputStream(upper), "upper", n -> { });
                byte[] looping = new TarBuilder().file("loop/f", "f").build();
                assertThatThrownBy(() -> again.apply(new ByteArrayInputStream(looping), "loop", n -> { }))
                    .isInstanceOf(LayerApplyException.class)
                    .hasMessageContaining("entry 'loop/f': more than 40 symlinks in the parent path loop");
            }
        }
        Ext4Inspector.Result fsck = Ext4Inspector.fsck(raw);
        assertThat(fsck.exitCode()).as(fsck.output()).isZero();
        Map<String, String> tree = Ext4Inspector.dumpTree(raw, dir.resolve("out"));
        assertThat(tree).containsEntry("usr/lib/x", Ext4ImageLayersTest.file("x"))
            .containsEntry("usr/lib/z", Ext4ImageLayersTest.file("z"))
            .containsEntry("etc/q", Ext4ImageLayersTest.file("q"))
            .containsEntry("h", Ext4ImageLayersTest.file("x"))
            .containsEntry("usr/lib/new/deep", Ext4ImageLayersTest.file("d"))
            .containsEntry("lib", "link -> usr/lib")
            .doesNotContainKeys("usr/lib/y", "lib/x");
        assertThat(Ext4Inspector.stat(raw, "/usr/lib/x").links()).isEqualTo(2);
    }
}
