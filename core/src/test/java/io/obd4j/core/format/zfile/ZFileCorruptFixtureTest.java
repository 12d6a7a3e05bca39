package io.obd4j.core.format.zfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.testing.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The corrupted fixtures give overlaybd's outcome (MANIFEST.json {@code expected_outcome}/{@code observed}). */
class ZFileCorruptFixtureTest {
    private static final int BLOCK_34 = 34 * 4096;

    @Test
    void crcFlipFailsReadsOfBlock34WithTheCppCrcsAndReadsEverythingElse() throws Exception {
        assertThat(Fixtures.fixture("corrupt.commit1.lz4-4k-crc.flip").get("corruption").get("zfile_block").asInt())
                .isEqualTo(34);
        byte[] clean = Files.readAllBytes(Fixtures.layer("commit1.lsmt"));
        CountingSource src = new CountingSource(
                LocalFileSource.open(Fixtures.layer("corrupt.commit1.lz4-4k-crc.flip")));
        try (ZFileReader z = ZFileReader.open(src)) {
            for (int[] range : new int[][] {{BLOCK_34, 4096}, {BLOCK_34 + 100, 10}, {BLOCK_34 - 512, 1024},
                    {0, clean.length}}) {
                src.evictions.clear();
                ByteBuffer dst = ByteBuffer.allocate(range[1]);
                assertThatThrownBy(() -> z.read(dst, range[0]))
                        .isInstanceOfSatisfying(ZFileChecksumException.class, e -> {
                            assertThat(e.block()).isEqualTo(34);
                            assertThat(e.expectedCrc()).isEqualTo(0xFF4C1741);
                            assertThat(e.foundCrc()).isEqualTo(0x87B5C7D0);
                            assertThat(e.offset()).isEqualTo(64762);
                            assertThat(e.getMessage()).contains("corrupt.commit1.lz4-4k-crc.flip", "block 34",
                                    "FF4C1741", "87B5C7D0");
                        });
                // the block's stored range (C++: "idx: 34, offset: 64762, len: 1401") is evicted before each retry
                assertThat(src.evictions).hasSize(ZFileReader.RELOADS)
                        .allSatisfy(ev -> assertThat(ev).containsExactly(64762, 1401));
            }
            for (int b = 0; b < z.blockCount(); b++) {
                if (b == 34) {
                    continue;
                }
                ByteBuffer dst = ByteBuffer.allocate(4096);
                int n = z.read(dst, b * 4096L);
                assertThat(ByteBuffer.wrap(dst.array(), 0, n)).isEqualTo(ByteBuffer.wrap(clean, b * 4096, n));
            }
            assertThatThrownBy(z::validate).isInstanceOfSatisfying(ZFileChecksumException.class,
                    e -> assertThat(e.block()).isEqualTo(34));
        }
    }

    @Test
    void consecutiveBlocksAreFetchedInOneReadOfAtMost64KiB() throws Exception {
        CountingSource src = new CountingSource(LocalFileSource.open(Fixtures.layer("commit1.lz4-4k-crc.zfile")));
        try (ZFileReader z = ZFileReader.open(src)) {
            ByteBuffer dst = ByteBuffer.allocate(128 << 10);
            src.reads = 0;
            z.read(dst, 0);
            long stored = z.metadata().table().offset(32) - z.metadata().table().offset(0);
            int minReads = (int) ((stored + 65535) / 65536);
            assertThat(src.reads).isBetween(minReads, minReads + 1);
            src.reads = 0;
            z.read(ByteBuffer.allocate(4096), 40 * 4096L);
            assertThat(src.reads).isEqualTo(1);
        }
    }

    @Test
    void noCrcFlipFailsTheDecompressionOfBlock34() throws Exception {
        CountingSource src = new CountingSource(
                LocalFileSource.open(Fixtures.layer("corrupt.commit1.lz4-4k-nocrc.flip")));
        try (ZFileReader z = ZFileReader.open(src)) {
            assertThatThrownBy(() -> z.read(ByteBuffer.allocate(4096), BLOCK_34))
                    .isExactlyInstanceOf(FormatException.class)
                    .hasMessageContaining("block 34").hasMessageContaining("LZ4")
                    .satisfies(e -> assertThat(((FormatException) e).offset()).isEqualTo(64626));
            assertThat(src.evictions).hasSize(ZFileReader.RELOADS)
                    .allSatisfy(ev -> assertThat(ev).containsExactly(64626, 1397));
            assertThat(z.read(ByteBuffer.allocate(4096), 0)).isEqualTo(4096);
            assertThatThrownBy(z::validate).isInstanceOf(FormatException.class).hasMessageContaining("opt.verify");
        }
    }

    @Test
    void truncatedTrailerIsRefusedAtOpenNamingTheTrailer() throws IOException {
        try (LocalFileSource src = LocalFileSource.open(
                Fixtures.layer("corrupt.commit1.zstd-64k-crc.truncate-trailer"))) {
            assertThat(ZFileDetector.detect(src)).isEqualTo(ZFileDetector.Result.ZFILE);
            assertThatThrownBy(() -> ZFileReader.open(src)).isInstanceOf(FormatException.class)
                    .hasMessageContaining("trailer").hasMessageContaining("truncate-trailer");
        }
    }

    @Test
    void truncatedTrailerOfAnOverwrittenHeaderOpensAndReadsTheFullImage() throws IOException {
        String expected = Fixtures.fixture("commit1.commit-z-zstd-16k").get("decompressed").get("sha256").asText();
        try (ZFileReader z = ZFileReader.open(
                LocalFileSource.open(Fixtures.layer("corrupt.commit1.commit-z-zstd-16k.truncate-trailer")))) {
            assertThat(z.metadata().header().isHeaderOverwrite()).isTrue();
            assertThat(ZFileFixtureTest.sha256(z, 1 << 20)).isEqualTo(expected);
            z.validate();
        }
    }
}
