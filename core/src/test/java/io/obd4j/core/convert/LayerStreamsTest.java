package io.obd4j.core.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LayerStreamsTest {
    private static byte[] payload() {
        byte[] b = new byte[300_000];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i % 97 == 0 ? r.nextInt() : i / 1000);
        }
        return b;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] read(byte[] blob) throws IOException {
        try (InputStream in = LayerStreams.decompressed(new ByteArrayInputStream(blob))) {
            return in.readAllBytes();
        }
    }

    @Test
    void gzipZstdAndPlainLayersReadBackAsTheTar() throws IOException {
        byte[] tar = payload();
        assertThat(read(gzip(tar))).isEqualTo(tar);
        assertThat(read(Zstd.compress(tar))).isEqualTo(tar);
        assertThat(read(tar)).isEqualTo(tar);
    }

    @Test
    void concatenatedGzipMembersAreOneStream() throws IOException {
        byte[] a = gzip("first ".getBytes());
        byte[] b = gzip("second".getBytes());
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertThat(new String(read(both))).isEqualTo("first second");
    }

    @Test
    void detectionLooksAtTheMagicOnlyAndRewinds() throws IOException {
        BufferedInputStream z = new BufferedInputStream(new ByteArrayInputStream(new byte[] {0x28, (byte) 0xb5, 0x2f,
            (byte) 0xfd, 9}));
        assertThat(LayerStreams.detect(z)).isEqualTo(LayerStreams.Compression.ZSTD);
        assertThat(z.read()).isEqualTo(0x28);
        assertThat(LayerStreams.detect(new BufferedInputStream(new ByteArrayInputStream(new byte[] {0x1f}))))
                .isEqualTo(LayerStreams.Compression.NONE);
        assertThat(LayerStreams.detect(new BufferedInputStream(new ByteArrayInputStream(new byte[0]))))
                .isEqualTo(LayerStreams.Compression.NONE);
    }
}
