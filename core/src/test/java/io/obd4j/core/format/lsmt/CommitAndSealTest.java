package io.obd4j.core.format.lsmt;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.testing.Fixtures;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitAndSealTest {
    @TempDir
    Path dir;

    @Test
    void committingRw1GivesCommit1ByteForByte() throws Exception {
        Path out = dir.resolve("commit1.lsmt");
        try (LsmtWritableFile f = LsmtWritableFile.open(Fixtures.layer("rw1.data"), Fixtures.layer("rw1.index"),
                false); FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            f.commit(CommitArgs.of("a0000000-0000-4000-8000-000000000001", null, "fixture rw1 commit"), ch);
        }
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(Fixtures.layer("commit1.lsmt")));
    }

    @Test
    void committingTheSealedRw1GivesCommit1ByteForByte() throws Exception {
        Path out = dir.resolve("c.lsmt");
        try (LsmtLayer sealed = LsmtReader.open(io.obd4j.core.io.LocalFileSource.open(Fixtures.layer("rw1.sealed")),
                "rw1.sealed"); FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            Committer.commitSealed(sealed, CommitArgs.of("a0000000-0000-4000-8000-000000000001", null,
                    "fixture rw1 commit"), ch);
        }
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(Fixtures.layer("commit1.lsmt")));
    }

    @Test
    void replayingStackL2AndCommittingWithParentGivesStackL2ByteForByte() throws Exception {
        Path out = dir.resolve("l2.lsmt");
        try (LsmtWritableFile f = LsmtWritableFile.create(dir.resolve("l2.data"), dir.resolve("l2.index"),
                FixtureReplay.createInfo("stack-l2")); FileChannel ch = FileChannel.open(out,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            FixtureReplay.apply(f, FixtureReplay.ops("stack-l2"));
            f.commit(CommitArgs.of("a0000000-0000-4000-8000-00000000000c", "a0000000-0000-4000-8000-00000000000b",
                    null), ch);
        }
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(Fixtures.layer("stack-l2.lsmt")));
    }

    @Test
    void defaultCommitHasANullUuidAndInheritsTheParent() throws Exception {
        Path out = dir.resolve("c.lsmt");
        LayerInfo info = LayerInfo.of(1 << 20).withParent(LayerUuid.parse("a0000000-0000-4000-8000-00000000000b"));
        try (LsmtWritableFile f = LsmtWritableFile.create(dir.resolve("d"), dir.resolve("i"), info);
             FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            f.write(OpPatterns.generate("prng:5", 0, 65536), 0);
            f.commit(CommitArgs.of("not-a-uuid", "bad", "m"), ch);
        }
        byte[] b = Files.readAllBytes(out);
        LsmtHeader trailer = LsmtHeader.decode(b, b.length - 4096, "c", b.length - 4096);
        assertThat(trailer.uuid()).isEqualTo(LayerUuid.NULL.toString());
        assertThat(trailer.parentUuid()).isEqualTo("A0000000-0000-4000-8000-00000000000B");
        assertThat(trailer.userTagText()).isEqualTo("m");
        assertThat(trailer.indexSize()).isEqualTo(256);
        assertThat(trailer.indexOffset()).isEqualTo(4096 + 65536);
        // 65536 bytes = two 32 KiB steps of 64 sectors, coalesced into one 128-sector record.
        assertThat(SegmentMapping.of(le(b, 4096 + 65536), le(b, 4096 + 65536 + 8)))
                .isEqualTo(new SegmentMapping(0, 128, 8, false, 0));
        assertThat(SegmentMapping.of(le(b, 4096 + 65536 + 16), le(b, 4096 + 65536 + 24)))
                .isEqualTo(SegmentMapping.INVALID);
    }

    @Test
    void sealingRw1GivesRw1SealedExceptTheUninitialisedPadding() throws Exception {
        Path data = dir.resolve("rw1.data");
        Path index = dir.resolve("rw1.index");
        Files.copy(Fixtures.layer("rw1.data"), data, StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(Fixtures.layer("rw1.index"), index);
        data.toFile().setWritable(true);
        index.toFile().setWritable(true);
        try (LsmtWritableFile f = LsmtWritableFile.open(data, index, true)) {
            f.seal();
        }
        byte[] ours = Files.readAllBytes(data);
        byte[] theirs = Files.readAllBytes(Fixtures.layer("rw1.sealed"));
        assertThat(ours.length).isEqualTo(theirs.length);
        int padFrom = 720384 + 52 * 16;
        int padTo = 720384 + 1024;
        Arrays.fill(ours, padFrom, padTo, (byte) 0);
        Arrays.fill(theirs, padFrom, padTo, (byte) 0);
        assertThat(ours).isEqualTo(theirs);
        assertThat(Files.readAllBytes(index)).isEqualTo(Files.readAllBytes(Fixtures.layer("rw1.index")));
        // FileTest2.commit_close_seal: the sealed file is a read-only layer with the same image and index.
        try (LsmtLayer sealed = LsmtReader.open(io.obd4j.core.io.LocalFileSource.open(data), "sealed")) {
            FixtureReplay.assertIndex("rw1-sealed", sealed.index());
            io.obd4j.core.image.LayerStack one = io.obd4j.core.image.LayerStack.of(java.util.List.of(sealed));
            FixtureReplay.assertImage("rw1-sealed", one.size(), one::read);
        }
    }

    @Test
    void compressVectorOfTheCppTestAndTagsDoNotMerge() {
        long[] w = words(new SegmentMapping(5, 5, 0, false, 0), new SegmentMapping(10, 10, 5, false, 0),
                new SegmentMapping(100, 10, 20, false, 0));
        assertThat(IndexCompressor.compress(w, 3)).isEqualTo(2);
        assertThat(SegmentMapping.of(w[0], w[1])).isEqualTo(new SegmentMapping(5, 15, 0, false, 0));
        assertThat(SegmentMapping.of(w[2], w[3])).isEqualTo(new SegmentMapping(100, 10, 20, false, 0));
        long[] tagged = words(new SegmentMapping(5, 5, 0, false, 0), new SegmentMapping(10, 10, 5, false, 1));
        assertThat(IndexCompressor.compress(tagged, 2)).isEqualTo(2);
        long[] big = words(new SegmentMapping(0, 16320, 8, false, 0), new SegmentMapping(16320, 62, 16328, false, 0),
                new SegmentMapping(16382, 1, 16390, false, 0));
        // 16320 + 62 = 16382 < 16383 merges; 16382 + 1 = 16383 is not strictly below the limit.
        assertThat(IndexCompressor.compress(big, 3)).isEqualTo(2);
        long[] zeroed = words(new SegmentMapping(0, 8, 8, true, 0), new SegmentMapping(8, 8, 8, true, 0),
                new SegmentMapping(16, 8, 8, false, 0));
        assertThat(IndexCompressor.compress(zeroed, 3)).isEqualTo(2);
        assertThat(SegmentMapping.of(zeroed[0], zeroed[1])).isEqualTo(new SegmentMapping(0, 16, 8, true, 0));
    }

    static long[] words(SegmentMapping... ms) {
        long[] w = new long[ms.length * 2];
        for (int i = 0; i < ms.length; i++) {
            w[2 * i] = ms[i].word0();
            w[2 * i + 1] = ms[i].word1();
        }
        return w;
    }

    private static long le(byte[] b, int off) {
        return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(off);
    }
}
