package io.obd4j.core.ext4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The e2undo key reader against undo files debugfs really wrote, cross-checked with {@code e2undo -n -v}. */
class UndoFileFormatTest {
    @TempDir
    Path dir;
    Path raw;
    Path undo;

    @BeforeEach
    void debugfsWritesAnUndoFile() throws IOException {
        raw = dir.resolve("fs.raw");
        Ext4Image.create(raw, 1L << 30, Ext4Options.defaults()).close();
        Path data = dir.resolve("data");
        Files.write(data, new byte[3 * 1024 * 1024 + 17]);
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            for (long off = 0; off < f.length(); off += 4096) {
                f.seek(off);
                f.write(1); // no all-zero block, so debugfs writes every one
            }
        }
        Path cmds = dir.resolve("cmds");
        Files.writeString(cmds, "mkdir d\nwrite " + data + " d/big\nwrite " + data + " small\nsif /small uid 5\n");
        undo = dir.resolve("fs.undo");
        E2fsTools.runChecked(List.of(E2fsTools.locate("debugfs"), "-w", "-z", undo.toString(), "-f",
            cmds.toString(), raw.toString()), 1, Map.of());
    }

    @Test
    void keysAreTheBlocksE2undoWouldReplay() throws IOException {
        List<Extent> ours = UndoFileFormat.changedRanges(undo);
        String dry = E2fsTools.runChecked(List.of(E2fsTools.locate("e2undo"), "-n", "-v", undo.toString(),
            raw.toString()), 1, Map.of());
        Matcher m = Pattern.compile("Replayed block of size (\\d+) from \\d+ to (\\d+)").matcher(dry);
        List<Extent> theirs = new ArrayList<>();
        while (m.find()) {
            theirs.add(new Extent(Long.parseLong(m.group(2)) * 4096, Long.parseLong(m.group(1))));
        }
        assertThat(theirs).isNotEmpty();
        assertThat(ours).containsExactlyInAnyOrderElementsOf(theirs);
        long bytes = Extents.alignAndMerge(ours).stream().mapToLong(Extent::length).sum();
        assertThat(bytes).isGreaterThanOrEqualTo(2 * (3L << 20));
    }

    @Test
    void corruptHeaderAndKeyBlockAreNamedWithTheirOffsets() throws IOException {
        Path badMagic = dir.resolve("magic.undo");
        Files.copy(undo, badMagic);
        poke(badMagic, 0, 'X');
        assertThatThrownBy(() -> UndoFileFormat.changedRanges(badMagic)).isInstanceOf(IOException.class)
            .hasMessageContaining("undo file field magic at offset 0: expected E2UNDO02, found X2UNDO02");
        Path badKey = dir.resolve("key.undo");
        Files.copy(undo, badKey);
        long keyBlock;
        try (RandomAccessFile f = new RandomAccessFile(badKey.toFile(), "r")) {
            f.seek(24);
            keyBlock = Long.reverseBytes(f.readLong()) * 4096;
        }
        poke(badKey, keyBlock + 16, 0x55);
        assertThatThrownBy(() -> UndoFileFormat.changedRanges(badKey))
            .hasMessageContaining("undo file field key block crc at offset " + (keyBlock + 4));
        Path cut = dir.resolve("cut.undo");
        Files.write(cut, Files.readAllBytes(undo), StandardOpenOption.CREATE_NEW);
        try (RandomAccessFile f = new RandomAccessFile(cut.toFile(), "rw")) {
            f.setLength(keyBlock + 100);
        }
        assertThatThrownBy(() -> UndoFileFormat.changedRanges(cut)).hasMessageContaining("undo file truncated");
    }

    private static void poke(Path file, long offset, int value) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            f.write(value);
        }
    }
}
