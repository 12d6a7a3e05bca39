package io.obd4j.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.format.BlobUnwrapper;
import io.obd4j.core.format.lsmt.CommitArgs;
import io.obd4j.core.format.lsmt.LsmtWritableFile;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.format.zfile.CompressionAlgorithm;
import io.obd4j.core.format.zfile.ZFileOptions;
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

class LayerCommitTest {
    private static final CommitArgs RW1 = CommitArgs.of("a0000000-0000-4000-8000-000000000001", null, null);

    @TempDir
    Path dir;

    private Path commit(String name, ZFileOptions z, boolean tar) throws Exception {
        Path out = dir.resolve(name);
        try (RwLayer rw1 = LsmtWritableFile.open(Fixtures.layer("rw1.data"), Fixtures.layer("rw1.index"), false);
             FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                     StandardOpenOption.WRITE)) {
            LayerCommit.commit(rw1, RW1, ch, z, tar);
        }
        return out;
    }

    @Test
    void commitZtLz4GivesTheRegistryBlobByteForByte() throws Exception {
        Path out = commit("c.tar", ZFileOptions.forCommit(CompressionAlgorithm.LZ4, 4096), true);
        assertThat(Files.readAllBytes(out))
                .isEqualTo(Files.readAllBytes(Fixtures.layer("commit1.commit-zt-lz4-4k.tar")));
    }

    @Test
    void commitZZstdUnwrapsToTheSameCommittedLayerAsTheCppTool() throws Exception {
        Path out = commit("c.zfile", ZFileOptions.forCommit(CompressionAlgorithm.ZSTD, 16384), false);
        byte[] ours = unwrapped(out);
        byte[] theirs = unwrapped(Fixtures.layer("commit1.commit-z-zstd-16k.zfile"));
        assertThat(ours).isEqualTo(theirs);
    }

    private static byte[] unwrapped(Path p) throws Exception {
        try (BlockSource src = BlobUnwrapper.unwrap(LocalFileSource.open(p))) {
            ByteBuffer b = ByteBuffer.allocate((int) src.size());
            src.readFully(b, 0);
            return b.array();
        }
    }
}
