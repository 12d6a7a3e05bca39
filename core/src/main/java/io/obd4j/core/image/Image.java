package io.obd4j.core.image;

import io.obd4j.core.format.lsmt.CommitArgs;
import io.obd4j.core.format.lsmt.ComboIndex;
import io.obd4j.core.format.lsmt.IndexedReader;
import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.format.lsmt.SegmentIndex;
import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An image as a {@link BlockDevice}: read-only lower layers ({@link LayerStack}) and an optional writable layer on
 * top (overlaybd {@code stack_files}, spec §1.10). The image's file list is the lowers top first (tags 0..n-1) then
 * the writable layer's data file (tag n); its index is a {@link ComboIndex}. With a writable layer the device size is
 * the writable layer's virtual size; a writable layer of size 0 takes the lowers' size and rewrites its headers.
 *
 * <p>I/O may run from many threads; {@link #restack} briefly excludes it while it swaps the layers.
 */
public final class Image implements BlockDevice {
    private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();
    private volatile State state;

    /** One consistent set of layers and the index over them. */
    record State(LayerStack lowers, RwLayer upper, SegmentIndex index, IndexedReader reader) {
    }

    private Image(State state) {
        this.state = state;
    }

    /**
     * Stacks {@code upper} over {@code lowers}. Either may be null (not both): no lowers = the writable layer alone;
     * no upper = a read-only image. The image owns both afterwards.
     */
    public static Image open(LayerStack lowers, RwLayer upper) throws IOException {
        return new Image(stack(lowers, upper));
    }

    static State stack(LayerStack lowers, RwLayer upper) throws IOException {
        if (upper == null) {
            if (lowers == null) {
                throw new IllegalArgumentException("an image needs lower layers, a writable layer, or both");
            }
            return new State(lowers, null, lowers.index(), null);
        }
        if (lowers == null) {
            ComboIndex idx = new ComboIndex(upper.index(), null, 0);
            return new State(null, upper, idx, new IndexedReader(idx, List.of(upper.dataSource())));
        }
        if (upper.virtualSize() == 0) {
            upper.updateVirtualSize(lowers.size());
        }
        List<BlockSource> files = new ArrayList<>();
        for (LsmtLayer l : lowers.layersTopFirst()) {
            files.add(l.source());
        }
        files.add(upper.dataSource());
        ComboIndex idx = new ComboIndex(upper.index(), lowers.index(), lowers.layerCount());
        return new State(lowers, upper, idx, new IndexedReader(idx, files));
    }

    /** The lock {@link #restack} holds exclusively (tests hold it to see that cached reads do not wait for it). */
    ReentrantReadWriteLock swapLock() {
        return swap;
    }

    /** The read-only lower layers, or null. */
    public LayerStack lowers() {
        return state.lowers;
    }

    /** The writable layer, or null. */
    public RwLayer upper() {
        return state.upper;
    }

    /** The image's index: tags are positions in the file list (lowers top first, then the writable layer). */
    public SegmentIndex index() {
        return state.index;
    }

    @Override
    public long size() {
        State s = state;
        return s.upper != null ? s.upper.virtualSize() : s.lowers.size();
    }

    @Override
    public boolean isReadOnly() {
        return state.upper == null;
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        swap.readLock().lock();
        try {
            State s = state;
            if (s.reader == null) {
                s.lowers.read(dst, offset);
            } else {
                s.reader.read(dst, offset);
            }
        } finally {
            swap.readLock().unlock();
        }
    }

    /**
     * {@link #read} when every layer byte it needs is in memory; false at once (never waiting) while a
     * {@link #restack} holds the layers, and when any layer would have to be read from a device or a network.
     */
    @Override
    public boolean readIfCached(ByteBuffer dst, long offset) throws IOException {
        if (!swap.readLock().tryLock()) {
            return false;
        }
        try {
            State s = state;
            return s.reader == null ? s.lowers.readIfCached(dst, offset) : s.reader.readIfCached(dst, offset);
        } finally {
            swap.readLock().unlock();
        }
    }

    @Override
    public void write(ByteBuffer src, long offset) throws IOException {
        swap.readLock().lock();
        try {
            RwLayer u = writable("write", offset);
            WritableLayer.checkRange("write", offset, src.remaining(), u.virtualSize());
            u.write(src, offset);
        } finally {
            swap.readLock().unlock();
        }
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        swap.readLock().lock();
        try {
            RwLayer u = writable("discard", offset);
            WritableLayer.checkRange("discard", offset, length, u.virtualSize());
            u.discard(offset, length);
        } finally {
            swap.readLock().unlock();
        }
    }

    @Override
    public void flush() throws IOException {
        swap.readLock().lock();
        try {
            RwLayer u = state.upper;
            if (u != null) {
                u.flush();
            }
        } finally {
            swap.readLock().unlock();
        }
    }

    private RwLayer writable(String op, long offset) throws IOException {
        RwLayer u = state.upper;
        if (u == null) {
            throw new IOException("read-only image: " + op + " at offset " + offset + " refused");
        }
        return u;
    }

    /**
     * Live snapshot (§1.10, §9.1): seals the current writable layer in place, makes it the top read-only layer and
     * continues with {@code newUpper} (already created or opened) as the writable layer.
     */
    public void restack(RwLayer newUpper) throws IOException {
        swap.writeLock().lock();
        try {
            state = Restack.restack(state, newUpper);
        } finally {
            swap.writeLock().unlock();
        }
    }

    /** {@code flatten} (§1.11): writes all layers merged into one committed layer to {@code out}, sequentially. */
    public long flatten(CommitArgs args, WritableByteChannel out) throws IOException {
        swap.readLock().lock();
        try {
            return Flattener.flatten(state, args, out);
        } finally {
            swap.readLock().unlock();
        }
    }

    /** Flushes and closes the writable layer, then closes the lower layers. */
    @Override
    public void close() throws IOException {
        swap.writeLock().lock();
        try (LayerStack l = state.lowers; RwLayer u = state.upper) {
            // try-with-resources closes the upper first, then the lowers
        } finally {
            swap.writeLock().unlock();
        }
    }
}
