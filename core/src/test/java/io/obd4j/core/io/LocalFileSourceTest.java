package io.obd4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.nativeio.NativeFile;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalFileSource#readIfCached}: the bytes {@link LocalFileSource#read} gives when the page cache holds them,
 * clipped at the end of the file like a read; {@link BlockSource#NOT_CACHED} with the position unchanged when any
 * page is missing, even after part of the range was copied.
 */
class LocalFileSourceTest {
    private static final int SIZE = 1 << 20;

    @TempDir
    Path dir;

    private Path file() throws Exception {
        byte[] b = new byte[SIZE];
        new SplittableRandom(1).nextBytes(b);
        Path f = dir.resolve("f.bin");
        Files.write(f, b);
        return f;
    }

    @Test
    void cachedBytesEqualReadBytesAndStopAtTheEndOfTheFile() throws Exception {
        try (LocalFileSource src = LocalFileSource.open(file())) {
            ByteBuffer want = ByteBuffer.allocateDirect(SIZE);
            assertThat(src.read(want, 0)).isEqualTo(SIZE);
            ByteBuffer got = ByteBuffer.allocateDirect(SIZE + 100).position(100);
            assertThat(src.readIfCached(got, 0)).isEqualTo(SIZE);
            assertThat(got.flip().position(100)).isEqualTo(want.flip());

            ByteBuffer tail = ByteBuffer.allocateDirect(8192);
            assertThat(src.readIfCached(tail, SIZE - 1000)).as("like read: clipped at the end").isEqualTo(1000);
            assertThat(tail.flip()).isEqualTo(want.duplicate().position(SIZE - 1000));
            assertThat(src.readIfCached(ByteBuffer.allocateDirect(512), SIZE)).isZero();
            assertThat(src.readIfCached(ByteBuffer.allocateDirect(512), SIZE + 4096)).isZero();
        }
    }

    @Test
    void heapBuffersNegativeOffsetsAndClosedSourcesAreNotCached() throws Exception {
        LocalFileSource src = LocalFileSource.open(file());
        src.read(ByteBuffer.allocateDirect(4096), 0);
        assertThat(src.readIfCached(ByteBuffer.allocate(4096), 0)).isEqualTo(BlockSource.NOT_CACHED);
        assertThat(src.readIfCached(ByteBuffer.allocateDirect(4096), -512)).isEqualTo(BlockSource.NOT_CACHED);
        assertThat(src.readIfCached(ByteBuffer.allocateDirect(4096), 0)).isEqualTo(4096);
        src.close();
        assertThat(src.readIfCached(ByteBuffer.allocateDirect(4096), 0)).isEqualTo(BlockSource.NOT_CACHED);
    }

    /**
     * A read reaching dropped pages copies the cached head, then stops. The kernel starts readahead of the missing
     * pages as it refuses them, so on a fast disk the retry for the rest may already find them: either outcome is
     * right, as long as NOT_CACHED leaves the position where it was and success gives the file's bytes.
     */
    @Test
    void aRangeWhoseTailWasDroppedIsNotCachedOrReadWhole() throws Exception {
        Path f = file();
        try (LocalFileSource src = LocalFileSource.open(f); NativeFile nf = NativeFile.openReadOnly(f)) {
            ByteBuffer want = ByteBuffer.allocateDirect(SIZE);
            src.read(want, 0);
            nf.fsync();
            for (int i = 0; i < 20; i++) {
                nf.dropCache(SIZE / 2, 0);
                ByteBuffer dst = ByteBuffer.allocateDirect(SIZE + 512).position(512);
                int n = src.readIfCached(dst, 0);
                if (n == BlockSource.NOT_CACHED) {
                    assertThat(dst.position()).isEqualTo(512);
                } else {
                    assertThat(n).isEqualTo(SIZE);
                    assertThat(dst.flip().position(512)).isEqualTo(want.duplicate().clear());
                }
            }
            ByteBuffer head = ByteBuffer.allocateDirect(SIZE / 2);
            nf.dropCache(SIZE / 2, 0);
            assertThat(src.readIfCached(head, 0)).as("the head is still cached").isEqualTo(SIZE / 2);
        }
    }

    @Test
    void closingReleasesThePageCacheDescriptor() throws Exception {
        File fds = new File("/proc/self/fd");
        Assumptions.assumeTrue(fds.isDirectory(), "no /proc/self/fd");
        Path f = file();
        int before = fds.list().length;
        LocalFileSource src = LocalFileSource.open(f);
        RwLayer upper = RwLayer.create(dir.resolve("u.data"), dir.resolve("u.index"), LayerInfo.of(SIZE));
        assertThat(fds.list().length).as("channel + page-cache descriptor each, + the index file")
                .isGreaterThanOrEqualTo(before + 5);
        src.close();
        upper.close();
        assertThat(fds.list().length).isEqualTo(before);
    }
}
