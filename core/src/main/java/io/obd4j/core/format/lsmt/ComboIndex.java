package io.obd4j.core.format.lsmt;

import java.io.IOException;

/**
 * A writable layer's live index over the merged index of its lower layers (overlaybd {@code ComboIndex}, spec
 * §1.10): the upper's records (data or zeroed) win; the gaps between them are looked up in the lower index. Lower
 * records keep their tags (0 = top lower); upper records are presented with tag {@link #rwTag()} = number of lower
 * layers, the position of the writable layer's data file in the image's file list.
 *
 * <p>Lookups allocate nothing; they are as thread-safe as the two indexes ({@link Index0} takes its own lock, a
 * read-only lower index needs none). The {@link #size()} and {@link #blockCount()} of the merged view are computed
 * by walking it.
 */
public final class ComboIndex implements SegmentIndex {
    private final Index0 upper;
    private final SegmentIndex lower;
    private final int rwTag;
    private final ThreadLocal<Walker> walker = ThreadLocal.withInitial(Walker::new);

    /**
     * @param upper  the writable layer's index (tags as stored, normally 0; they are replaced by {@code rwTag})
     * @param lower  the merged lower index, or null when the writable layer is alone
     * @param rwTag  the tag of the upper's records in the combined view (number of lower layers)
     */
    public ComboIndex(Index0 upper, SegmentIndex lower, int rwTag) {
        if (rwTag < 0 || rwTag > LsmtHeaderFormat.MAX_STACK_LAYERS) {
            throw new IllegalArgumentException("rw tag must be 0..255: " + rwTag);
        }
        this.upper = upper;
        this.lower = lower;
        this.rwTag = rwTag;
    }

    public Index0 upper() {
        return upper;
    }

    /** The lower index, or null. */
    public SegmentIndex lower() {
        return lower;
    }

    public int rwTag() {
        return rwTag;
    }

    @Override
    public int size() {
        int[] n = {0};
        try {
            forEach((o, l, m, z, t) -> n[0]++);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory indexes do not fail", e);
        }
        return n[0];
    }

    @Override
    public long blockCount() {
        long[] n = {0};
        try {
            forEach((o, l, m, z, t) -> n[0] += z ? 0 : l);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory indexes do not fail", e);
        }
        return n[0];
    }

    @Override
    public int lookup(long offset, long length, MappingVisitor visitor) throws IOException {
        if (length <= 0) {
            return 0;
        }
        Walker w = walker.get();
        if (w.target != null) {
            w = new Walker();
        }
        w.target = visitor;
        w.cursor = offset;
        w.count = 0;
        try {
            upper.lookup(offset, length, w);
            long end = offset + length;
            if (w.cursor < end && lower != null) {
                w.count += lower.lookup(w.cursor, end - w.cursor, visitor);
            }
            return w.count;
        } finally {
            w.target = null;
        }
    }

    /** Visits the upper's records and, before each, the lower records of the gap in front of it. */
    private final class Walker implements MappingVisitor {
        MappingVisitor target;
        long cursor;
        int count;

        @Override
        public void visit(long offset, int length, long moffset, boolean zeroed, int tag) throws IOException {
            if (offset > cursor && lower != null) {
                count += lower.lookup(cursor, offset - cursor, target);
            }
            target.visit(offset, length, moffset, zeroed, rwTag);
            count++;
            cursor = offset + length;
        }
    }
}
