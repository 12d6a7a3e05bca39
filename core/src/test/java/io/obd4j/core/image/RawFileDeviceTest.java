package io.obd4j.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawFileDeviceTest {
    @TempDir
    Path dir;

    @Test
    void createdFileIsSparseZerosOfTheGivenSize() throws IOException {
        Path file = dir.resolve("a.raw");
        try (RawFileDevice dev = RawFileDevice.create(file, 1 << 20)) {
            assertThat(dev.size()).isEqualTo(1 << 20);
            assertThat(Files.size(file)).isEqualTo(1 << 20);
            assertThat(dev.isReadOnly()).isFalse();
            ByteBuffer b = ByteBuffer.allocate(4096);
            dev.read(b, (1 << 20) - 4096);
            assertThat(b.hasRemaining()).isFalse();
            assertThat(b.array()).containsOnly(0);
        }
    }

    @Test
    void writeReadFlushDiscard() throws IOException {
        Path file = dir.resolve("b.raw");
        byte[] data = new byte[200 * 1024];
        Arrays.fill(data, (byte) 7);
        try (RawFileDevice dev = RawFileDevice.create(file, 1 << 20)) {
            ByteBuffer src = ByteBuffer.wrap(data);
            dev.write(src, 4096);
            assertThat(src.hasRemaining()).isFalse();
            dev.flush();
            ByteBuffer back = ByteBuffer.allocate(data.length);
            dev.read(back, 4096);
            assertThat(back.array()).containsExactly(data);
            dev.discard(8192, 150 * 1024);
            back.clear();
            dev.read(back, 4096);
            byte[] expected = data.clone();
            Arrays.fill(expected, 4096, 4096 + 150 * 1024, (byte) 0);
            assertThat(back.array()).containsExactly(expected);
        }
        byte[] onDisk = Files.readAllBytes(file);
        assertThat(onDisk[4096]).isEqualTo((byte) 7);
        assertThat(onDisk[8192]).isZero();
    }

    @Test
    void readOnlyRefusesModificationsAndOutOfRangeIsAnIoException() throws IOException {
        Path file = dir.resolve("c.raw");
        RawFileDevice.create(file, 64 * 512).close();
        try (RawFileDevice dev = RawFileDevice.open(file, true)) {
            assertThat(dev.isReadOnly()).isTrue();
            assertThat(dev.size()).isEqualTo(64 * 512);
            assertThatThrownBy(() -> dev.write(ByteBuffer.allocate(512), 0)).isInstanceOf(IOException.class)
                .hasMessageContaining("read-only");
            assertThatThrownBy(() -> dev.discard(0, 512)).isInstanceOf(IOException.class);
            assertThatThrownBy(dev::flush).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> dev.read(ByteBuffer.allocate(1024), 63 * 512)).isInstanceOf(IOException.class)
                .hasMessageContaining("outside");
            assertThatThrownBy(() -> dev.read(ByteBuffer.allocate(512), -512)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void fileShorterThanItsSizeIsNotPossibleButEofReadsZeros() throws IOException {
        Path file = dir.resolve("d.raw");
        try (RawFileDevice dev = RawFileDevice.create(file, 8192)) {
            try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(1000);
            }
            ByteBuffer b = ByteBuffer.allocate(8192);
            Arrays.fill(b.array(), (byte) 1);
            dev.read(b, 0);
            assertThat(b.array()).containsOnly(0);
        }
    }

    @Test
    void blockDeviceSizeComesFromSysfs() throws IOException {
        Optional<Path> node = readableBlockDevice();
        assumeTrue(node.isPresent(), "no block device node under /dev can be opened here");
        try (RawFileDevice dev = RawFileDevice.open(node.get(), true)) {
            String name = node.get().getFileName().toString();
            long sectors = Long.parseLong(Files.readString(Path.of("/sys/class/block/" + name + "/size")).trim());
            assertThat(dev.size()).isEqualTo(sectors * 512);
            ByteBuffer b = ByteBuffer.allocate(512);
            dev.read(b, 0);
            assertThat(b.hasRemaining()).isFalse();
        }
    }

    private static Optional<Path> readableBlockDevice() throws IOException {
        Path sys = Path.of("/sys/class/block");
        if (!Files.isDirectory(sys)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(sys)) {
            return entries.map(p -> Path.of("/dev", p.getFileName().toString()))
                .filter(p -> Files.exists(p) && Files.isReadable(p))
                .filter(p -> {
                    try (var ch = java.nio.channels.FileChannel.open(p)) {
                        return Long.parseLong(Files.readString(Path.of("/sys/class/block", p.getFileName().toString(),
                            "size")).trim()) > 0;
                    } catch (IOException | NumberFormatException e) {
                        return false; // e.g. the container's device cgroup refuses the node
                    }
                })
                .findFirst();
        }
    }
}
