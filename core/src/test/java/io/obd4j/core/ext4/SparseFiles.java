package io.obd4j.core.ext4;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Copies and compares 64 GiB sparse images by their data ranges only (holes read as zeros on both sides). */
final class SparseFiles {
    private SparseFiles() {
    }

    /** A new sparse file of {@code src}'s size holding {@code src}'s bytes in {@code ranges} (zeros elsewhere). */
    static void copyRanges(Path src, Path dst, List<Extent> ranges) throws IOException {
        if (!Files.exists(dst)) {
            try (RandomAccessFile f = new RandomAccessFile(dst.toFile(), "rw")) {
                f.setLength(Files.size(src));
            }
        }
        try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(dst, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            for (Extent e : ranges) {
                for (long pos = e.offset(); pos < e.end(); pos += buf.capacity()) {
                    buf.clear().limit((int) Math.min(buf.capacity(), e.end() - pos));
                    read(in, buf, pos);
                    buf.flip();
                    while (buf.hasRemaining()) {
                        out.write(buf, pos + buf.position());
                    }
                }
            }
        }
    }

    /** Asserts both files have the same size and bytes, comparing the union of their data ranges. */
    static void assertSameContent(Path a, Path b) throws IOException {
        assertThat(Files.size(a)).isEqualTo(Files.size(b));
        List<Extent> union = new ArrayList<>(Extents.dataExtents(a));
        union.addAll(Extents.dataExtents(b));
        try (FileChannel ca = FileChannel.open(a); FileChannel cb = FileChannel.open(b)) {
            ByteBuffer ba = ByteBuffer.allocate(1 << 20);
            ByteBuffer bb = ByteBuffer.allocate(1 << 20);
            for (Extent e : Extents.alignAndMerge(union)) {
                for (long pos = e.offset(); pos < e.end(); pos += ba.capacity()) {
                    int len = (int) Math.min(ba.capacity(), e.end() - pos);
                    ba.clear().limit(len);
                    bb.clear().limit(len);
                    read(ca, ba, pos);
                    read(cb, bb, pos);
                    if (!ba.flip().equals(bb.flip())) {
                        throw new AssertionError(a + " and " + b + " differ in [" + pos + ", " + (pos + len) + ")");
                    }
                }
            }
        }
    }

    /** SHA-256 over the data ranges' offsets and bytes: equal for equal sparse files with equal hole maps. */
    static String digest(Path f) throws IOException {
        try (FileChannel c = FileChannel.open(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            for (Extent e : Extents.dataExtents(f)) {
                md.update(ByteBuffer.allocate(16).putLong(e.offset()).putLong(e.length()).flip());
                for (long pos = e.offset(); pos < e.end(); pos += buf.capacity()) {
                    buf.clear().limit((int) Math.min(buf.capacity(), e.end() - pos));
                    read(c, buf, pos);
                    md.update(buf.flip());
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void read(FileChannel c, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = c.read(b, pos + b.position());
            if (n < 0) {
                throw new IOException("short read at " + pos);
            }
        }
    }
}
