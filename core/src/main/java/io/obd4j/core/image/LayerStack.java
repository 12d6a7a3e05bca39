package io.obd4j.core.image;

import io.obd4j.core.format.BlobUnwrapper;
import io.obd4j.core.format.FormatException;
import io.obd4j.core.format.lsmt.IndexMerger;
import io.obd4j.core.format.lsmt.LsmtHeaderFormat;
import io.obd4j.core.format.lsmt.LsmtIndex;
import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.format.lsmt.LsmtReader;
import io.obd4j.core.format.lsmt.SegmentMapping;
import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The merged read-only view of N LSMT layers (overlaybd {@code open_files_ro} + {@code LSMTReadOnlyFile::pread},
 * spec §1.9). Layers are given bottom → top as in {@code config.v1.json}'s {@code lowers}; internally tag 0 is the
 * top layer. The virtual size is that of the top-most layer whose size is not 0.
 *
 * <p>Reads walk the merged index: gaps and zeroed records are zero-filled without touching any layer, data records
 * are positional reads of the layer's source. Reads are thread-safe and allocate nothing. Closing the stack closes
 * the layers.
 */
public final class LayerStack implements BlockDevice {
    private static final int SECTOR_SHIFT = 9;
    private static final int ZERO_CHUNK = 64 << 10;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZERO_CHUNK).asReadOnlyBuffer();

    private final List<LsmtLayer> topFirst;
    private final BlockSource[] sources;
    private final LsmtIndex index;
    private final long size;

    private LayerStack(List<LsmtLayer> topFirst, LsmtIndex index, long size) {
        this.topFirst = topFirst;
        this.index = index;
        this.size = size;
        this.sources = new BlockSource[topFirst.size()];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = topFirst.get(i).source();
        }
    }

    /**
     * Stacks {@code bottomToTop} (at least one, at most 255 layers) and merges their indexes.
     *
     * @throws FormatException with overlaybd's "open too many files" text for more than 255 layers, or when the
     *                         merged index would exceed 128,000,000 records
     */
    public static LayerStack of(List<LsmtLayer> bottomToTop) throws FormatException {
        if (bottomToTop.isEmpty()) {
            throw new IllegalArgumentException("a layer stack needs at least one layer");
        }
        if (bottomToTop.size() > LsmtHeaderFormat.MAX_STACK_LAYERS) {
            throw new FormatException("layer stack", "layer count", 0, "<= " + LsmtHeaderFormat.MAX_STACK_LAYERS,
                    bottomToTop.size() + "; overlaybd: open too many files (" + bottomToTop.size() + " > "
                            + LsmtHeaderFormat.MAX_STACK_LAYERS + ")");
        }
        List<LsmtLayer> top = new ArrayList<>(bottomToTop);
        Collections.reverse(top);
        List<LsmtIndex> indexes = new ArrayList<>(top.size());
        long vsize = 0;
        for (LsmtLayer l : top) {
            indexes.add(l.index());
            if (vsize == 0 && l.virtualSize() > 0) {
                vsize = l.virtualSize();
            }
        }
        LsmtIndex merged = top.size() == 1 ? indexes.get(0) : IndexMerger.merge(indexes);
        return new LayerStack(List.copyOf(top), merged, vsize);
    }

    /**
     * Opens layer blobs as overlaybd opens {@code lowers} (bottom → top): each raw blob is unwrapped (tar, ZFile)
     * with {@link BlobUnwrapper}, opened per spec §1.4 under its source's name, then all are stacked. The stack owns
     * the sources; if anything fails, every source given is closed before the exception is thrown.
     */
    public static LayerStack openBlobs(List<? extends BlockSource> rawBottomToTop) throws IOException {
        List<LsmtLayer> layers = new ArrayList<>(rawBottomToTop.size());
        try {
            for (BlockSource raw : rawBottomToTop) {
                BlockSource lsmt = BlobUnwrapper.unwrap(raw);
                layers.add(LsmtReader.open(lsmt, raw.name()));
            }
            return of(layers);
        } catch (IOException | RuntimeException e) {
            for (int i = 0; i < rawBottomToTop.size(); i++) {
                try {
                    rawBottomToTop.get(i).close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** The merged index; {@code tag} = layer counted from the top (0 = top). */
    public LsmtIndex index() {
        return index;
    }

    /** Number of layers. */
    public int layerCount() {
        return sources.length;
    }

    /** The layer a merged record's {@code tag} names (0 = top). */
    public LsmtLayer layer(int tag) {
        return topFirst.get(tag);
    }

    /** Layers top first (index = tag). */
    public List<LsmtLayer> layersTopFirst() {
        return topFirst;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }

    /**
     * Fills {@code dst} from byte {@code offset}. Offset and length must be multiples of 512 (overlaybd returns
     * EFAULT otherwise). Like overlaybd, the read is not clipped to the virtual size: beyond the last record it reads
     * zeros.
     */
    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        int remaining = dst.remaining();
        if (!aligned(offset, remaining)) {
            throw new IOException("LSMT read at offset " + offset + " length " + remaining
                    + ": arguments must be aligned! (512 bytes)");
        }
        walk(dst, offset, false);
    }

    /**
     * {@link #read} when every layer byte it needs is in memory ({@link BlockSource#readIfCached}): holes and zeroed
     * records need none. False, with {@code dst}'s position unchanged, when a source is not cached (compressed and
     * remote layers never are) or the arguments are unaligned (then {@link #read} reports them).
     */
    @Override
    public boolean readIfCached(ByteBuffer dst, long offset) throws IOException {
        int start = dst.position();
        if (!aligned(offset, dst.remaining()) || !walk(dst, offset, true)) {
            dst.position(start);
            return false;
        }
        return true;
    }

    private static boolean aligned(long offset, int length) {
        return ((offset | length) & (LsmtHeaderFormat.ALIGNMENT - 1)) == 0 && offset >= 0;
    }

    /** The read in chunks of at most the LSMT max I/O size; false when {@code cachedOnly} met uncached bytes. */
    private boolean walk(ByteBuffer dst, long offset, boolean cachedOnly) throws IOException {
        int remaining = dst.remaining();
        long pos = offset;
        while (remaining > 0) {
            int chunk = Math.min(remaining, LsmtHeaderFormat.MAX_IO_SIZE);
            if (!readChunk(dst, pos >>> SECTOR_SHIFT, chunk >>> SECTOR_SHIFT, cachedOnly)) {
                return false;
            }
            pos += chunk;
            remaining -= chunk;
        }
        return true;
    }

    private boolean readChunk(ByteBuffer dst, long sector, int sectors, boolean cachedOnly) throws IOException {
        long endSector = sector + sectors;
        long cur = sector;
        LsmtIndex idx = index;
        int n = idx.size();
        for (int i = idx.firstEndingAfter(sector); i < n && cur < endSector; i++) {
            long s = idx.offset(i);
            if (s >= endSector) {
                break;
            }
            long from = Math.max(s, sector);
            if (from > cur) {
                zeroFill(dst, (int) (from - cur) << SECTOR_SHIFT);
            }
            long to = Math.min(idx.end(i), endSector);
            int bytes = (int) (to - from) << SECTOR_SHIFT;
            long w1 = idx.word1(i);
            if (SegmentMapping.zeroed(w1)) {
                zeroFill(dst, bytes);
            } else if (bytes > 0) {
                long moffset = SegmentMapping.moffset(w1) + (from - s);
                if (!readData(dst, sources[SegmentMapping.tag(w1)], moffset << SECTOR_SHIFT, bytes, cachedOnly)) {
                    return false;
                }
            }
            cur = to;
        }
        if (cur < endSector) {
            zeroFill(dst, (int) (endSector - cur) << SECTOR_SHIFT);
        }
        return true;
    }

    /**
     * Reads {@code bytes} at {@code at}; if the source ends first, the rest reads as zeros (as overlaybd does). False
     * when {@code cachedOnly} and the source does not hold them in memory.
     */
    private static boolean readData(ByteBuffer dst, BlockSource src, long at, int bytes, boolean cachedOnly)
            throws IOException {
        int limit = dst.limit();
        int start = dst.position();
        dst.limit(start + bytes);
        try {
            while (dst.hasRemaining()) {
                long pos = at + (dst.position() - start);
                int n = cachedOnly ? src.readIfCached(dst, pos) : src.read(dst, pos);
                if (cachedOnly && n == BlockSource.NOT_CACHED) {
                    return false;
                }
                if (n <= 0) {
                    zeroFill(dst, dst.remaining());
                }
            }
            return true;
        } finally {
            dst.limit(limit);
        }
    }

    private static void zeroFill(ByteBuffer dst, int bytes) {
        int pos = dst.position();
        if (dst.hasArray()) {
            int base = dst.arrayOffset() + pos;
            Arrays.fill(dst.array(), base, base + bytes, (byte) 0);
        } else {
            for (int done = 0; done < bytes; done += ZERO_CHUNK) {
                dst.put(pos + done, ZEROS, 0, Math.min(ZERO_CHUNK, bytes - done));
            }
        }
        dst.position(pos + bytes);
    }

    @Override
    public void write(ByteBuffer src, long offset) throws IOException {
        throw new IOException("read-only layer stack: write at offset " + offset + " refused");
    }

    @Override
    public void flush() {
        // nothing is ever written
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        throw new IOException("read-only layer stack: discard at offset " + offset + " refused");
    }

    /** Closes every layer (and so its source); the first failure is thrown after all were tried. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (LsmtLayer l : topFirst) {
            try {
                l.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
