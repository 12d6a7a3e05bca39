package io.obd4j.core.format.zfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.io.LocalFileSource;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-thread decompressed-block memo of {@link ZFileReader}: fewer source reads, never stale or foreign bytes. */
class ZFileBlockMemoTest {
    private static final int BLOCK = 65536;

    @TempDir
    Path tmp;

    private CountingSource source;

    private ZFileReader open(String name, byte[] data, CompressionAlgorithm algo) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, ZFileTestData.compress(data, new ZFileOptions(algo, BLOCK, true, false)));
        source = new CountingSource(LocalFileSource.open(p));
        return ZFileReader.open(source);
    }

    @Test
    void sequentialSmallReadsFetchEachBlockOnce() throws Exception {
        byte[] data = ZFileTestData.compressible(3, 10 * BLOCK + 8192);
        for (CompressionAlgorithm algo : CompressionAlgorithm.values()) {
            try (ZFileReader r = open("seq-" + algo + ".zfile", data, algo)) {
                int before = source.reads;
                ByteBuffer dst = ByteBuffer.allocateDirect(4096);
                for (int off = 0; off < data.length; off += 4096) {
                    dst.clear();
                    assertThat(r.read(dst, off)).isEqualTo(4096);
                    assertThat(bytes(dst)).as("%s at %d", algo, off).isEqualTo(Arrays.copyOfRange(data, off,
                            off + 4096));
                }
                assertThat(source.reads - before).as("source reads for 11 blocks (%s)", algo).isEqualTo(11);
            }
        }
    }

    @Test
    void aReadStartingInTheRememberedBlockUsesItAndFetchesTheRest() throws Exception {
        byte[] data = ZFileTestData.compressible(4, 4 * BLOCK);
        try (ZFileReader r = open("span.zfile", data, CompressionAlgorithm.LZ4)) {
            ByteBuffer dst = ByteBuffer.allocate(3 * BLOCK);
            r.read(dst.clear().limit(1000), BLOCK + 24);
            int before = source.reads;
            r.read(dst.clear().limit(2 * BLOCK), BLOCK + 1024);
            assertThat(source.reads - before).isEqualTo(1);
            assertThat(Arrays.copyOf(dst.array(), 2 * BLOCK))
                    .isEqualTo(Arrays.copyOfRange(data, BLOCK + 1024, 3 * BLOCK + 1024));
        }
    }

    @Test
    void evictionAndOtherReadersInvalidateTheMemo() throws Exception {
        byte[] a = ZFileTestData.compressible(5, 2 * BLOCK);
        byte[] b = ZFileTestData.compressible(6, 2 * BLOCK);
        try (ZFileReader ra = open("a.zfile", a, CompressionAlgorithm.ZSTD)) {
            CountingSource sourceA = source;
            try (ZFileReader rb = open("b.zfile", b, CompressionAlgorithm.ZSTD)) {
                ByteBuffer dst = ByteBuffer.allocate(4096);
                ra.read(dst.clear(), 8192);
                rb.read(dst.clear(), 8192);
                assertThat(dst.array()).isEqualTo(Arrays.copyOfRange(b, 8192, 8192 + 4096));
                ra.read(dst.clear(), 4096);
                assertThat(dst.array()).isEqualTo(Arrays.copyOfRange(a, 4096, 8192));

                int before = sourceA.reads;
                ra.read(dst.clear(), 0);
                assertThat(sourceA.reads).isEqualTo(before);
                ra.evict(0, 4096);
                ra.read(dst.clear(), 0);
                assertThat(sourceA.reads).isEqualTo(before + 1);
                assertThat(dst.array()).isEqualTo(Arrays.copyOf(a, 4096));
            }
        }
    }

    private static byte[] bytes(ByteBuffer dst) {
        byte[] out = new byte[dst.position()];
        dst.get(0, out);
        return out;
    }
}
