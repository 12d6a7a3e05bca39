package io.obd4j.registry.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Blocks at aligned and unaligned offsets and lengths (a resumed start, whole blocks, the blob's tail) land where
 * they belong with {@code O_DIRECT}, when it cannot be had, and in page-cache mode.
 */
class LayerFileWriterTest {
    @TempDir
    Path tmp;

    static void writeLikeADownload(Path file, boolean direct, byte[] data, Boolean expectDirect) throws Exception {
        writeLikeADownload(file, file, direct, data, expectDirect);
    }

    /** Writes {@code data} into {@code file}; the direct channel is opened on {@code directPath}. */
    static void writeLikeADownload(Path file, Path directPath, boolean direct, byte[] data, Boolean expectDirect)
            throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); LayerFileWriter w = LayerFileWriter.open(ch, directPath, direct)) {
            if (expectDirect != null) {
                assertThat(w.direct()).isEqualTo(expectDirect);
            }
            int block = 64 * 1024;
            ByteBuffer buf = LayerFileWriter.allocateAligned(block);
            // a resumed start inside a page, then the blob's block grid, then a tail of odd length
            long pos = 1000;
            ch.write(ByteBuffer.wrap(data, 0, 1000), 0);
            while (pos < data.length) {
                int n = (int) Math.min(block - pos % block, data.length - pos);
                buf.clear();
                buf.put(data, (int) pos, n).flip();
                w.write(buf, pos);
                assertThat(buf.hasRemaining()).isFalse();
                pos += n;
            }
            ch.force(true);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new SplittableRandom(n).nextBytes(b);
        return b;
    }

    @Test
    void blocksLandAtTheirOffsetsWithDirectIoWhereOffered() throws Exception {
        writeLikeADownload(tmp.resolve("d"), true, random(5 * 64 * 1024 + 777), null);
    }

    @Test
    void pageCacheModeWritesTheSameBytes() throws Exception {
        writeLikeADownload(tmp.resolve("p"), false, random(3 * 64 * 1024 + 4096), false);
    }

    @Test
    void whenTheDirectOpenFailsEveryWriteGoesThroughThePageCache() throws Exception {
        writeLikeADownload(tmp.resolve("f"), tmp.resolve("no-such-dir").resolve("f"), true,
                random(2 * 64 * 1024 + 5), false);
    }

    @Test
    void tmpfsWorksEitherWay() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm)
                && "tmpfs".equals(Files.getFileStore(shm).type()), "no writable tmpfs at /dev/shm");
        Path f = Files.createTempFile(shm, "obd4j-writer", ".tmp");
        try {
            // tmpfs refused O_DIRECT before Linux 6.6 and takes it since
            writeLikeADownload(f, true, random(2 * 64 * 1024 + 5), null);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void batchesOfConsecutiveBlocksAreWrittenWholeAlignedOrNot(boolean direct) throws Exception {
        int block = 16 * 1024;
        byte[] data = random(7 * block + 100);
        Path file = tmp.resolve("b" + direct);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); LayerFileWriter w = LayerFileWriter.open(ch, file, direct)) {
            // an aligned batch of three (one gathering write), then a batch ending in the odd tail
            write(w, data, 0, block, block, block);
            write(w, data, 3 * block, block, block, block, block + 100);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
    }

    static void write(LayerFileWriter w, byte[] data, int offset, int... lengths) throws Exception {
        ByteBuffer[] bufs = new ByteBuffer[lengths.length];
        int pos = offset;
        for (int i = 0; i < lengths.length; i++) {
            bufs[i] = LayerFileWriter.allocateAligned(lengths[i]);
            bufs[i].put(data, pos, lengths[i]).flip();
            pos += lengths[i];
        }
        w.write(bufs, bufs.length, offset);
        for (ByteBuffer b : bufs) {
            assertThat(b.hasRemaining()).isFalse();
        }
    }

    @Test
    void alignedBuffersStartOnTheAlignment() {
        ByteBuffer b = LayerFileWriter.allocateAligned(12345);
        assertThat(b.capacity()).isEqualTo(12345);
        assertThat(b.alignmentOffset(0, LayerFileWriter.ALIGN)).isZero();
    }
}
