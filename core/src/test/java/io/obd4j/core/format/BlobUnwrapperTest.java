package io.obd4j.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.format.tar.TarWrappedSource;
import io.obd4j.core.format.tar.TarWrapper;
import io.obd4j.core.format.zfile.ZFileReader;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobUnwrapperTest {
    @TempDir
    Path tmp;

    @Test
    void aPlainLsmtFileIsReturnedAsIs() throws Exception {
        LocalFileSource raw = LocalFileSource.open(Fixtures.layer("commit1.lsmt"));
        try (BlockSource s = BlobUnwrapper.unwrap(raw)) {
            assertThat(s).isSameAs(raw);
        }
    }

    @Test
    void tarAroundZFileIsPeeledTwice() throws Exception {
        Path tar = Fixtures.layer("commit1.commit-zt-lz4-4k.tar");
        try (BlockSource s = BlobUnwrapper.unwrap(LocalFileSource.open(tar))) {
            assertThat(s).isInstanceOf(ZFileReader.class);
            assertThat(((ZFileReader) s).source()).isInstanceOf(TarWrappedSource.class);
            assertThat(s.size()).isEqualTo(424_960);
            assertThat(s.name()).endsWith("commit1.commit-zt-lz4-4k.tar");
        }
    }

    @Test
    void tarAroundPlainLsmtGivesThePayload() throws Exception {
        byte[] lsmt = Files.readAllBytes(Fixtures.layer("commit1.lsmt"));
        Path p = tmp.resolve("lsmt.tar");
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            TarWrapper w = TarWrapper.create(ch, TarWrapper.DEFAULT_MODE);
            w.write(ByteBuffer.wrap(lsmt));
            w.close();
        }
        BlobUnwrapper.Unwrapped u = BlobUnwrapper.inspect(LocalFileSource.open(p));
        try (BlockSource s = u.source()) {
            assertThat(u.tar()).isTrue();
            assertThat(u.zfile()).isFalse();
            byte[] back = new byte[lsmt.length];
            s.readFully(ByteBuffer.wrap(back), 0);
            assertThat(back).isEqualTo(lsmt);
        }
    }

    @Test
    void tinyBlobsAndBadDigestsAreRefusedLikeIsZfileMinusOne() throws Exception {
        Path tiny = tmp.resolve("tiny");
        Files.write(tiny, new byte[100]);
        try (LocalFileSource raw = LocalFileSource.open(tiny)) {
            assertThatThrownBy(() -> BlobUnwrapper.unwrap(raw)).isInstanceOf(FormatException.class)
                    .hasMessageContaining("tiny").hasMessageContaining("only 100 bytes");
        }
        byte[] z = Files.readAllBytes(Fixtures.layer("commit1.lz4-4k-crc.zfile"));
        z[200] ^= 1;
        Path bad = tmp.resolve("bad.zfile");
        Files.write(bad, z);
        try (LocalFileSource raw = LocalFileSource.open(bad)) {
            assertThatThrownBy(() -> BlobUnwrapper.unwrap(raw)).isInstanceOf(FormatException.class)
                    .hasMessageContaining("bad.zfile").hasMessageContaining("digest");
        }
    }
}
