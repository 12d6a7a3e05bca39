package io.obd4j.core.ext4;

import io.obd4j.core.image.LayerStack;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reader on an ext4 that overlaybd's own tools made: {@code baselayers/ext4_64} (64 GiB, 64bit). */
class OverlaybdBaseLayerTest {
    @Test
    void readsTheRootOfOverlaybdsBaseLayer(@TempDir Path dir) throws Exception {
        Ext4Images.run("tar", "-xzf", Fixtures.layer("ext4_64.tar.gz").toString(), "-C", dir.toString());
        try (LayerStack stack = LayerStack.openBlobs(List.of(LocalFileSource.open(dir.resolve("ext4_64"))))) {
            Ext4Filesystem fs = Ext4Filesystem.open(stack, "ext4_64");
            assertThat(stack.size()).isEqualTo(64L << 30);
            assertThat(fs.descriptorSize()).isEqualTo(64);
            Ext4Inode root = fs.resolve("/");
            assertThat(fs.list(root)).extracting(DirEntry::name).contains(".", "..", "lost+found");
            assertThat(fs.resolve("/lost+found").isDirectory()).isTrue();
            assertThat(fs.walk("/")).isEmpty();
        }
    }
}
