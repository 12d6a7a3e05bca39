package io.obd4j.core.format.lsmt;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Reads byte ranges through a {@link SegmentIndex} (C++ {@code LSMTReadOnlyFile::pread}, spec §1.9): gaps and zeroed
 * records read as zeros, data records come from {@code files[tag]} at {@code moffset}. A read cut short by the end of
 * a file is zero-filled, as C++ does after its second, empty read. Allocates nothing per call.
 */
public final class IndexedReader {
    private static final int SECTOR = LsmtHeaderFormat.ALIGNMENT;
    private static final byte[] ZEROS = new byte[64 * 1024];

    private final SegmentIndex index;
    private final BlockSource[] files;
    private final ThreadLocal<Fill> fill = ThreadLocal.withInitial(Fill::new);

    public IndexedReader(SegmentIndex index, List<? extends BlockSource> files) {
        this.index = index;
        this.files = files.toArray(new BlockSource[0]);
    }

    public SegmentIndex index() {
        return index;
    }

    /** Fills {@code dst.remaining()} bytes (a multiple of 512) from virtual byte {@code offset} (512-aligned). */
    public void read(ByteBuffer dst, long offset) throws IOException {
        int len = dst.remaining();
        if ((offset | len) % SECTOR != 0 || offset < 0) {
            throw new IllegalArgumentException("unaligned read: offset " + offset + ", length " + len);
        }
        fill(dst, offset, false);
    }

    /**
     * {@link #read} when every file byte it needs is in memory ({@link BlockSource#readIfCached}); gaps and zeroed
     * records need none. False, with {@code dst}'s position unchanged, when a file is not cached or the arguments
     * are unaligned (then {@link #read} refuses them).
     */
    public boolean readIfCached(ByteBuffer dst, long offset) throws IOException {
        int start = dst.position();
        if ((offset | dst.remaining()) % SECTOR != 0 || offset < 0 || !fill(dst, offset, true)) {
            dst.position(start);
            return false;
        }
        return true;
    }

    private boolean fill(ByteBuffer dst, long offset, boolean cachedOnly) throws IOException {
        int len = dst.remaining();
        Fill f = fill.get();
        if (f.dst != null) {
            f = new Fill();
        }
        f.dst = dst;
        f.cursor = offset / SECTOR;
        f.cachedOnly = cachedOnly;
        f.missed = false;
        try {
            index.lookup(offset / SECTOR, len / SECTOR, f);
            if (f.missed) {
                return false;
            }
            f.zero((offset + len) / SECTOR - f.cursor);
            return true;
        } finally {
            f.dst = null;
        }
    }

    /** Puts {@code bytes} zero bytes into {@code dst}. */
    public static void putZeros(ByteBuffer dst, long bytes) {
        for (long left = bytes; left > 0; ) {
            int n = (int) Math.min(left, ZEROS.length);
            dst.put(ZEROS, 0, n);
            left -= n;
        }
    }

    /** The per-thread visitor that copies one read's records into its buffer. */
    private final class Fill implements MappingVisitor {
        ByteBuffer dst;
        long cursor;
        /** Read only what the files hold in memory; {@link #missed} once a file did not. */
        boolean cachedOnly;
        boolean missed;

        @Override
        public void visit(long offset, int length, long moffset, boolean zeroed, int tag) throws IOException {
            if (missed) {
                return;
            }
            zero(offset - cursor);
            int bytes = length * SECTOR;
            if (zeroed) {
                zero(length);
            } else {
                if (tag >= files.length) {
                    throw new FormatException(index.toString(), "SegmentMapping.tag", offset * SECTOR,
                            "< " + files.length + " layers", tag);
                }
                int limit = dst.limit();
                dst.limit(dst.position() + bytes);
                try {
                    if (cachedOnly) {
                        missed = files[tag].readIfCached(dst, moffset * SECTOR) == BlockSource.NOT_CACHED;
                        if (missed) {
                            return;
                        }
                    } else {
                        files[tag].read(dst, moffset * SECTOR);
                    }
                    putZeros(dst, dst.remaining());
                } finally {
                    dst.limit(limit);
                }
            }
            cursor = offset + length;
        }

        void zero(long sectors) {
            putZeros(dst, sectors * SECTOR);
        }
    }
}
