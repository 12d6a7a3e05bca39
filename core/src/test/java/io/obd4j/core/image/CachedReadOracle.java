package io.obd4j.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.format.lsmt.SegmentIndex;
import io.obd4j.nativeio.NativeFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks {@link BlockDevice#readIfCached} against {@link BlockDevice#read} over real files: after a read brought
 * the pages in, the cached read must succeed with the very same bytes; after the pages were dropped it must fail
 * leaving the buffer's position where it was.
 */
final class CachedReadOracle {
    private static final int SECTOR = 512;
    /** Garbage the cached read must overwrite (or, when it fails, need not touch). */
    private static final byte FILL = 0x5A;

    private CachedReadOracle() {
    }

    /**
     * {@code count} seeded random ranges inside {@code [0, size)}: half start a few sectors before a record of
     * {@code index} so they cross record (and so hole, zeroed and layer) boundaries, some exceed the 4 MiB LSMT
     * chunk; each is read, then read again from the cache at a non-zero buffer position.
     */
    static void assertCachedReadsMatch(BlockDevice dev, SegmentIndex index, long size, long seed, int count)
            throws IOException {
        List<Long> starts = new ArrayList<>();
        index.forEach((o, l, m, z, t) -> starts.add(o));
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int sectors = rnd.nextInt(20) == 0 ? 1 + rnd.nextInt(10_240) : 1 + rnd.nextInt(256);
            long first;
            if (rnd.nextBoolean() && !starts.isEmpty()) {
                first = Math.max(0, starts.get(rnd.nextInt(starts.size())) - rnd.nextInt(9));
            } else {
                first = rnd.nextLong(size / SECTOR);
            }
            first = Math.min(first, size / SECTOR - sectors);
            assertCachedReadMatches(dev, Math.max(0, first) * SECTOR, sectors * SECTOR);
        }
    }

    /** Reads {@code length} bytes at {@code offset}, then expects the cached read to give the same bytes. */
    static void assertCachedReadMatches(BlockDevice dev, long offset, int length) throws IOException {
        ByteBuffer want = ByteBuffer.allocateDirect(length);
        dev.read(want, offset);
        int at = SECTOR;
        ByteBuffer got = filled(at + length + SECTOR).position(at).limit(at + length);
        assertThat(dev.readIfCached(got, offset)).as("cached read at %d length %d", offset, length).isTrue();
        assertThat(got.position()).isEqualTo(at + length);
        assertThat(got.flip().position(at)).as("bytes at %d length %d", offset, length).isEqualTo(want.flip());
    }

    /** Expects the cached read of the range to fail with the position unchanged. */
    static void assertNotCached(BlockDevice dev, long offset, int length) throws IOException {
        ByteBuffer got = filled(SECTOR + length).position(SECTOR);
        assertThat(dev.readIfCached(got, offset)).as("cached read at %d length %d", offset, length).isFalse();
        assertThat(got.position()).isEqualTo(SECTOR);
        assertThat(got.limit()).isEqualTo(SECTOR + length);
    }

    /**
     * Writes back and drops the page cache of every file; skips the test on a file system that keeps the pages
     * anyway (tmpfs). It does not probe with a read: a refused {@code RWF_NOWAIT} read starts readahead, which would
     * bring pages back behind the test's back.
     */
    static void dropCache(Path... files) throws IOException {
        for (Path f : files) {
            String type = Files.getFileStore(f).type();
            Assumptions.assumeFalse(type.equals("tmpfs") || type.equals("ramfs"), f + " is on " + type
                    + ", which keeps dropped pages");
            try (NativeFile nf = NativeFile.openReadOnly(f)) {
                nf.fsync();
                nf.dropCache(0, 0);
            }
        }
    }

    private static ByteBuffer filled(int capacity) {
        ByteBuffer b = ByteBuffer.allocateDirect(capacity);
        while (b.hasRemaining()) {
            b.put(FILL);
        }
        return b.clear();
    }
}
