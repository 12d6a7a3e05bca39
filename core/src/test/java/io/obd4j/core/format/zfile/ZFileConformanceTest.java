package io.obd4j.core.format.zfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.io.LocalFileSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** overlaybd's {@code src/overlaybd/zfile/test/test.cpp} cases (spec §11) against our writer and reader. */
class ZFileConformanceTest {
    private static final int SIZE = (1 << 20) + 12_345;
    private static final byte[] SOURCE = ZFileTestData.compressible(11, SIZE);

    @TempDir
    Path tmp;

    static Stream<Arguments> matrix() {
        List<Arguments> args = new ArrayList<>();
        for (boolean crc : new boolean[] {false, true}) {
            for (CompressionAlgorithm algo : CompressionAlgorithm.values()) {
                for (int bs = 4096; bs <= 65536; bs *= 2) {
                    args.add(Arguments.of(crc, algo, bs));
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "crc={0} {1} bs={2}")
    @MethodSource("matrix")
    void verifyCompression(boolean crc, CompressionAlgorithm algo, int bs) throws Exception {
        byte[] z = ZFileTestData.compress(SOURCE, new ZFileOptions(algo, bs, crc, false));
        try (ZFileReader r = ZFileTestData.open(tmp, "m.zfile", z)) {
            assertThat(r.size()).isEqualTo(SIZE);
            assertThat(r.blockCount()).isEqualTo((SIZE + bs - 1) / bs);
            // sequential 4 KiB reads
            ByteBuffer buf = ByteBuffer.allocate(4096);
            for (long off = 0; off < SIZE; off += 4096) {
                buf.clear();
                int n = r.read(buf, off);
                assertThat(n).isEqualTo((int) Math.min(4096, SIZE - off));
                assertThat(buf.flip()).isEqualTo(ByteBuffer.wrap(SOURCE, (int) off, n));
            }
            // random 512-aligned reads, heap and direct
            SplittableRandom rnd = new SplittableRandom(bs + (crc ? 1 : 0));
            ByteBuffer direct = ByteBuffer.allocateDirect(256 * 512);
            for (int i = 0; i < 200; i++) {
                int off = rnd.nextInt(SIZE / 512) * 512;
                int len = Math.min(SIZE - off, (1 + rnd.nextInt(256)) * 512);
                ByteBuffer dst = (i & 1) == 0 ? ByteBuffer.allocate(len) : direct.clear().limit(len);
                assertThat(r.read(dst, off)).isEqualTo(len);
                assertThat(dst.flip()).isEqualTo(ByteBuffer.wrap(SOURCE, off, len));
            }
            // 128 KiB reads
            ByteBuffer big = ByteBuffer.allocate(128 << 10);
            for (long off = 0; off < SIZE; off += big.capacity()) {
                big.clear();
                int n = r.read(big, off);
                assertThat(big.flip()).isEqualTo(ByteBuffer.wrap(SOURCE, (int) off, n));
            }
            // decompress all
            byte[] all = ZFileTestData.readAll(r);
            assertThat(Arrays.mismatch(all, SOURCE)).isEqualTo(-1);
            if (crc) {
                r.validate();
            }
            Path plain = tmp.resolve("plain");
            Files.write(plain, all);
            try (LocalFileSource p = LocalFileSource.open(plain)) {
                assertThat(ZFileDetector.detect(p)).isEqualTo(ZFileDetector.Result.NOT_ZFILE);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rejectOversizedIndex(boolean overwriteHeader) throws Exception {
        byte[] z = ZFileTestData.compress(SOURCE, ZFileOptions.DEFAULT);
        ByteBuffer b = ByteBuffer.wrap(z).order(ByteOrder.LITTLE_ENDIAN);
        if (overwriteHeader) {
            byte[] header = ZFileHeaderFormat.encode(ZFileHeaderFormat.decode(b.duplicate().position(z.length - 512))
                    .withFlags(0x1B).withIndex(ZFileHeaderFormat.decode(b.duplicate().position(z.length - 512))
                            .indexOffset(), 1_000_000_001L, SIZE, 0));
            System.arraycopy(header, 0, z, 0, 512);
        } else {
            b.putLong(z.length - 512 + ZFileHeaderFormat.INDEX_SIZE_OFFSET, 1_000_000_001L);
        }
        Path p = tmp.resolve("o.zfile");
        Files.write(p, z);
        try (LocalFileSource src = LocalFileSource.open(p)) {
            assertThat(ZFileDetector.detect(src)).isEqualTo(ZFileDetector.Result.ZFILE);
            assertThatThrownBy(() -> ZFileReader.open(src)).isInstanceOf(FormatException.class)
                    .hasMessageContaining("index_size").hasMessageContaining("1000000001");
        }
    }

    @Test
    void validationCheckFailsWhenBytesAt8192AreCorrupted() throws Exception {
        byte[] z = ZFileTestData.compress(SOURCE, ZFileOptions.DEFAULT);
        try (ZFileReader r = ZFileTestData.open(tmp, "good.zfile", z)) {
            r.validate();
        }
        for (int i = 0; i < 16; i++) {
            z[8192 + i] ^= (byte) 0xA5;
        }
        try (ZFileReader r = ZFileTestData.open(tmp, "bad.zfile", z)) {
            assertThatThrownBy(r::validate).isInstanceOf(ZFileChecksumException.class);
        }
    }

    @Test
    void headerCheckFailsWhenTheDigestDoesNotMatch() throws Exception {
        byte[] z = ZFileTestData.compress(SOURCE, ZFileOptions.DEFAULT);
        z[400] ^= 1;
        z[401] ^= 2;
        z[402] ^= 3;
        z[403] ^= 4;
        Path p = tmp.resolve("ht.zfile");
        Files.write(p, z);
        try (LocalFileSource src = LocalFileSource.open(p)) {
            assertThat(ZFileDetector.detect(src)).isEqualTo(ZFileDetector.Result.INVALID);
            assertThat(ZFileDetector.detect(src).code()).isEqualTo(-1);
            assertThatThrownBy(() -> ZFileReader.open(src)).isInstanceOf(FormatException.class)
                    .hasMessageContaining("header digest");
        }
    }
}
