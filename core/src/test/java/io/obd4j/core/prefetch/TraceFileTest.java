package io.obd4j.core.prefetch;

import io.obd4j.core.format.FormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceFileTest {
    @TempDir
    Path dir;

    /** overlaybd's crc32c_extend, bit by bit: reflected Castagnoli, no pre/post inversion. */
    static int slowCrc32c(byte[] data, int off, int len) {
        int crc = 0;
        for (int i = off; i < off + len; i++) {
            crc ^= data[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc >>> 1) ^ (0x82F63B78 & -(crc & 1));
            }
        }
        return crc;
    }

    @Test
    void writesOverlaybdsLayoutByteForByte() throws IOException {
        Path t = Files.createFile(dir.resolve("trace"));
        TraceFile.write(t, List.of(TraceRecord.read(3, 0x1000, 0x20000), TraceRecord.read(0, 512, 7 * 512L)));
        byte[] b = Files.readAllBytes(t);
        String hex = HexFormat.of().formatHex(b);
        assertThat(b).hasSize(24 + 48);
        assertThat(hex.substring(0, 32)).isEqualTo("2018efc2" + "00000000" + "3000000000000000");
        assertThat(hex.substring(48, 96)).isEqualTo("52000000" + "03000000" + "0010000000000000"
                + "0000020000000000");
        assertThat(hex.substring(96, 144)).isEqualTo("52000000" + "00000000" + "0002000000000000"
                + "000e000000000000");
        int stored = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
        assertThat(stored).isEqualTo(slowCrc32c(b, 24, 48));
        assertThat(TraceFile.read(t)).containsExactly(TraceRecord.read(3, 0x1000, 0x20000),
                TraceRecord.read(0, 512, 3584));
        assertThat(TraceFile.isTrace(t)).isTrue();
    }

    @Test
    void anEmptyFileIsATraceToRecordAndTextIsAFileList() throws IOException {
        assertThat(TraceFile.isTrace(Files.createFile(dir.resolve("empty")))).isTrue();
        assertThat(TraceFile.isTrace(Files.writeString(dir.resolve("list"), "/etc/hostname\n/usr/bin/app\n")))
                .isFalse();
        assertThat(TraceFile.isTrace(Files.writeString(dir.resolve("short"), "/x\n"))).isFalse();
    }

    @Test
    void readRejectsBadMagicSizeAndChecksumNamingTheField() throws IOException {
        Path t = Files.createFile(dir.resolve("trace"));
        TraceFile.write(t, List.of(TraceRecord.read(1, 4096, 8192)));
        byte[] good = Files.readAllBytes(t);

        byte[] flipped = good.clone();
        flipped[30] ^= 1;
        Files.write(t, flipped);
        assertThatThrownBy(() -> TraceFile.read(t)).isInstanceOf(FormatException.class)
                .hasMessageStartingWith(t + ": checksum at offset 16: expected 0x");

        Files.write(t, java.util.Arrays.copyOf(good, good.length - 1));
        assertThatThrownBy(() -> TraceFile.read(t)).isInstanceOf(FormatException.class)
                .hasMessage(t + ": data_size at offset 8: expected file size - 24 = 23, found 24");

        byte[] magic = good.clone();
        magic[0] = 0;
        Files.write(t, magic);
        assertThatThrownBy(() -> TraceFile.read(t)).isInstanceOf(FormatException.class)
                .hasMessage(t + ": magic at offset 0: expected 0xC2EF1820, found 0xC2EF1800");
    }
}
