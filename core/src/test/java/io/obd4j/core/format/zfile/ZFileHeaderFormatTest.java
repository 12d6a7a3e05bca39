package io.obd4j.core.format.zfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ZFileHeaderFormatTest {
    @Test
    void decodesAndReencodesTheCppHeaderAndTrailerByteForByte() throws Exception {
        byte[] f = Files.readAllBytes(Fixtures.layer("commit1.lz4-4k-crc.zfile"));
        byte[] header = Arrays.copyOf(f, 512);
        byte[] trailer = Arrays.copyOfRange(f, f.length - 512, f.length);
        ZFileHeader h = ZFileHeaderFormat.decode(ByteBuffer.wrap(header));
        ZFileHeader t = ZFileHeaderFormat.decode(ByteBuffer.wrap(trailer));
        assertThat(ZFileHeaderFormat.hasMagic(ByteBuffer.wrap(header))).isTrue();
        assertThat(h.flags()).isEqualTo(0x13);
        assertThat(t.flags()).isEqualTo(0x16);
        assertThat(t.indexSize()).isEqualTo(104);
        assertThat(t.originalFileSize()).isEqualTo(424_960);
        assertThat(t.blockSize()).isEqualTo(4096);
        assertThat(t.algorithm()).isEqualTo(CompressionAlgorithm.LZ4);
        assertThat(t.hasBlockCrc()).isTrue();
        assertThat(ZFileHeaderFormat.digestOf(header, 0)).isEqualTo(h.digest());
        assertThat(ZFileHeaderFormat.encode(h)).isEqualTo(header);
        assertThat(ZFileHeaderFormat.encode(t)).isEqualTo(trailer);
    }
}
