package io.obd4j.registry.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Page-cache reads follow the switch: they read whatever source the reads go to now. */
class SwitchableBlockSourceTest {
    @TempDir
    Path dir;

    private Path file(String name, int value) throws Exception {
        byte[] b = new byte[16384];
        Arrays.fill(b, (byte) value);
        return Files.write(dir.resolve(name), b);
    }

    private static byte[] cached(BlockSource src) throws Exception {
        ByteBuffer warm = ByteBuffer.allocateDirect(4096);
        src.read(warm, 4096);
        ByteBuffer got = ByteBuffer.allocateDirect(4096);
        assertThat(src.readIfCached(got, 4096)).isEqualTo(4096);
        byte[] b = new byte[4096];
        got.flip().get(b);
        return b;
    }

    @Test
    void cachedReadsGoToTheCurrentSource() throws Exception {
        try (SwitchableBlockSource s = new SwitchableBlockSource(LocalFileSource.open(file("remote", 1)))) {
            assertThat(cached(s)).containsOnly(1);
            s.switchTo(LocalFileSource.open(file("local", 2)));
            assertThat(cached(s)).containsOnly(2);
            assertThat(s.readIfCached(ByteBuffer.allocate(512), 0)).isEqualTo(BlockSource.NOT_CACHED);
        }
    }
}
