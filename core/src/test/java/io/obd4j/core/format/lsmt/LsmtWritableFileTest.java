package io.obd4j.core.format.lsmt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.testing.Fixtures;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LsmtWritableFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"rw1", "stack-upper"})
    void replayingTheOpsWritesTheFixtureFilesByteForByte(String name) throws Exception {
        Path data = dir.resolve(name + ".data");
        Path index = dir.resolve(name + ".index");
        try (LsmtWritableFile f = LsmtWritableFile.create(data, index, FixtureReplay.createInfo(name))) {
            FixtureReplay.apply(f, FixtureReplay.ops(name));
            FixtureReplay.assertIndex(name, f.index());
            FixtureReplay.assertImage(name, f.virtualSize(), f::read);
        }
        assertThat(Files.readAllBytes(data)).isEqualTo(Files.readAllBytes(Fixtures.layer(name + ".data")));
        assertThat(Files.readAllBytes(index)).isEqualTo(Files.readAllBytes(Fixtures.layer(name + ".index")));
    }

    @Test
    void replayingRwToolMatchesEverythingButItsRandomUuid() throws Exception {
        Path data = dir.resolve("t.data");
        Path index = dir.resolve("t.index");
        LayerInfo info = FixtureReplay.createInfo("rw-tool");
        try (LsmtWritableFile f = LsmtWritableFile.create(data, index, info)) {
            FixtureReplay.apply(f, FixtureReplay.ops("rw-tool"));
            FixtureReplay.assertIndex("rw-tool", f.index());
            FixtureReplay.assertImage("rw-tool", f.virtualSize(), f::read);
        }
        for (String ext : new String[] {".data", ".index"}) {
            byte[] ours = Files.readAllBytes(dir.resolve("t" + ext));
            byte[] theirs = Files.readAllBytes(Fixtures.layer("rw-tool" + ext));
            assertThat(new String(ours, LsmtHeaderFormat.UUID_OFFSET, 36)).isEqualTo(info.uuid().toString());
            Arrays.fill(ours, LsmtHeaderFormat.UUID_OFFSET, LsmtHeaderFormat.UUID_OFFSET + 36, (byte) 0);
            Arrays.fill(theirs, LsmtHeaderFormat.UUID_OFFSET, LsmtHeaderFormat.UUID_OFFSET + 36, (byte) 0);
            assertThat(ours).isEqualTo(theirs);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw1", "rw-tool", "stack-upper"})
    void opensTheCppLayersAndReadsTheExpectedImage(String name) throws Exception {
        try (LsmtWritableFile f = LsmtWritableFile.open(Fixtures.layer(name + ".data"),
                Fixtures.layer(name + ".index"), false)) {
            assertThat(f.index().size()).isEqualTo(Fixtures.fixture(name).get("expected").get("index_count").asInt());
            assertThat(f.index().blockCount()).isEqualTo(Fixtures.expectedIndex(name).get("block_count").asLong());
            FixtureReplay.assertIndex(name, f.index());
            FixtureReplay.assertImage(name, f.virtualSize(), f::read);
        }
    }

    @Test
    void reopenedLayerKeepsAppendingWhereTheDataEnds() throws Exception {
        Path data = dir.resolve("a.data");
        Path index = dir.resolve("a.index");
        try (LsmtWritableFile f = LsmtWritableFile.create(data, index, LayerInfo.of(1 << 20))) {
            f.write(OpPatterns.generate("offset", 4096, 8192), 4096);
        }
        try (LsmtWritableFile f = LsmtWritableFile.open(data, index, true)) {
            f.write(OpPatterns.generate("fill:7", 8192, 512), 8192);
            f.discard(12288, 512);
        }
        try (LsmtWritableFile f = LsmtWritableFile.open(data, index, false)) {
            assertThat(f.index().dump()).containsExactly(
                    SegmentMapping.word0(8, 8), SegmentMapping.word1(8, false, 0),
                    SegmentMapping.word0(16, 1), SegmentMapping.word1(24, false, 0),
                    SegmentMapping.word0(17, 7), SegmentMapping.word1(17, false, 0),
                    SegmentMapping.word0(24, 1), SegmentMapping.word1(25, true, 0));
            ByteBuffer got = ByteBuffer.allocate(16384);
            f.read(got, 0);
            ByteBuffer exp = ByteBuffer.allocate(16384);
            exp.position(4096).put(OpPatterns.generate("offset", 4096, 8192).array());
            exp.put(8192, OpPatterns.generate("fill:7", 8192, 512).array());
            exp.put(12288, new byte[512]);
            assertThat(got.array()).isEqualTo(exp.array());
        }
    }

    @Test
    void largeWritesSplitAtMaxIoSizeAndDiscardsAt16383Sectors() throws Exception {
        try (LsmtWritableFile f = LsmtWritableFile.create(dir.resolve("d"), dir.resolve("i"),
                LayerInfo.of(64 << 20))) {
            f.write(ByteBuffer.allocate((4 << 20) + 8192), 0);
            f.discard(16 << 20, 20 << 20);
            long[] w = f.index().dump();
            assertThat(SegmentMapping.length(w[0])).isEqualTo(8192);
            assertThat(SegmentMapping.length(w[2])).isEqualTo(16);
            assertThat(SegmentMapping.moffset(w[3])).isEqualTo(8 + 8192);
            assertThat(SegmentMapping.length(w[4])).isEqualTo(16383);
            assertThat(SegmentMapping.length(w[6])).isEqualTo(16383);
            assertThat(SegmentMapping.length(w[8])).isEqualTo(40960 - 2 * 16383);
            assertThat(SegmentMapping.zeroed(w[9])).isTrue();
            assertThatThrownBy(() -> f.write(ByteBuffer.allocate(512), 100))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** FileTest3.photon_verify: the split size must be a multiple of 4 KiB (511 KiB refused, 512 KiB taken). */
    @Test
    void maxIoSizeMustBeAMultipleOf4k() throws Exception {
        try (LsmtWritableFile f = LsmtWritableFile.create(dir.resolve("m.data"), dir.resolve("m.index"),
                LayerInfo.of(8 << 20))) {
            assertThatThrownBy(() -> f.setMaxIoSize(511 * 1024)).isInstanceOf(IllegalArgumentException.class);
            f.setMaxIoSize(512 * 1024);
            f.write(ByteBuffer.allocate(1 << 20), 0);
            assertThat(f.index().size()).isEqualTo(2);
        }
    }

    /** The durability order: data reaches the data file at once, its index record only with the next flush. */
    @Test
    void indexRecordsReachTheIndexFileOnlyAfterTheDataWasSynced() throws Exception {
        Path data = dir.resolve("o.data");
        Path index = dir.resolve("o.index");
        try (LsmtWritableFile f = LsmtWritableFile.create(data, index, LayerInfo.of(1 << 20))) {
            f.write(ByteBuffer.allocate(4096), 0);
            f.discard(8192, 4096);
            assertThat(Files.size(data)).isEqualTo(4096 + 4096);
            assertThat(Files.size(index)).isEqualTo(4096);
            f.flush();
            assertThat(Files.size(index)).isEqualTo(4096 + 32);
            for (int i = 0; i < LsmtWritableFile.PENDING_LIMIT; i++) {
                f.write(ByteBuffer.allocate(512), 512L * (i % 16));
            }
            // A full queue is written out (after an fdatasync of the data) without waiting for a flush.
            assertThat(Files.size(index)).isEqualTo(4096 + 32 + 16L * LsmtWritableFile.PENDING_LIMIT);
        }
    }

    @Test
    void createRefusesExistingFiles() throws Exception {
        Files.write(dir.resolve("x.data"), new byte[1]);
        assertThatThrownBy(() -> LsmtWritableFile.create(dir.resolve("x.data"), dir.resolve("x.index"),
                LayerInfo.of(1 << 20))).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }

    @Test
    void rejectsAnIndexFileImplyingMoreThan128MillionRecords() throws Exception {
        Path data = dir.resolve("o.data");
        Path index = dir.resolve("o.index");
        LsmtWritableFile.create(data, index, LayerInfo.of(1 << 20)).close();
        try (RandomAccessFile raf = new RandomAccessFile(index.toFile(), "rw")) {
            raf.setLength(4096 + 16L * 128_000_001L);
        }
        assertThatThrownBy(() -> LsmtWritableFile.open(data, index, false))
                .isInstanceOf(FormatException.class).hasMessageContaining("128000001")
                .hasMessageContaining("o.index");
        try (RandomAccessFile raf = new RandomAccessFile(index.toFile(), "rw")) {
            raf.setLength(4096 + 16L * 128_000_000L);
        }
        // Exactly the maximum passes the size check (and then fails on the zero records' bounds, not the size).
        assertThatThrownBy(() -> LsmtWritableFile.open(data, index, false))
                .isInstanceOf(FormatException.class).hasMessageContaining("moffset");
    }

    @Test
    void tornIndexTailIsIgnoredAndOverwrittenByTheNextAppend() throws Exception {
        Path data = dir.resolve("t.data");
        Path index = dir.resolve("t.index");
        try (LsmtWritableFile f = LsmtWritableFile.create(data, index, LayerInfo.of(1 << 20))) {
            f.write(OpPatterns.generate("fill:1", 0, 4096), 0);
        }
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7}));
        }
        try (LsmtWritableFile f = LsmtWritableFile.open(data, index, true)) {
            assertThat(f.index().size()).isEqualTo(1);
            f.write(OpPatterns.generate("fill:2", 4096, 4096), 4096);
        }
        assertThat(Files.size(index)).isEqualTo(4096 + 32);
        try (LsmtWritableFile f = LsmtWritableFile.open(data, index, false)) {
            assertThat(f.index().size()).isEqualTo(2);
        }
    }

    @Test
    void recordPastTheDataEndFailsTheOpenNamingTheRecord() throws Exception {
        Path data = dir.resolve("p.data");
        Path index = dir.resolve("p.index");
        LsmtWritableFile.create(data, index, LayerInfo.of(1 << 20)).close();
        ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        new SegmentMapping(0, 8, 8, false, 0).write(rec);
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.APPEND)) {
            ch.write(rec.flip());
        }
        assertThatThrownBy(() -> LsmtWritableFile.open(data, index, false))
                .isInstanceOf(FormatException.class).hasMessageContaining("p.index")
                .hasMessageContaining("offset 4096").hasMessageContaining("[8, 8]");
    }

    @Test
    void rejectsAWrongIndexHeader() throws Exception {
        Path data = dir.resolve("h.data");
        Path index = dir.resolve("h.index");
        LsmtWritableFile.create(data, index, LayerInfo.of(1 << 20)).close();
        assertThatThrownBy(() -> LsmtWritableFile.open(data, data, false))
                .isInstanceOf(FormatException.class).hasMessageContaining("flags");
        Files.write(index, new byte[100]);
        assertThatThrownBy(() -> LsmtWritableFile.open(data, index, false))
                .isInstanceOf(FormatException.class).hasMessageContaining("HeaderTrailer");
    }
}
