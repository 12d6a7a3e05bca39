package io.obd4j.core.format.lsmt;

import java.io.IOException;

/**
 * A sorted, non-overlapping set of {@link SegmentMapping}s: a read-only layer's index, a merged stack index,
 * a writable layer's live index, or a writable layer over a merged lower index. Units are 512-byte sectors.
 * Implementations are safe for concurrent lookups; mutable ones document their write rules.
 */
public interface SegmentIndex {

    /** Number of records. */
    int size();

    /** Sum of the lengths of the non-zeroed records (C++ {@code block_count}). */
    long blockCount();

    /**
     * Visits, in ascending order, every record overlapping sectors {@code [offset, offset + length)}, trimmed to
     * that range: a record starting before {@code offset} is visited from {@code offset} with its moffset advanced
     * by the same delta unless zeroed (C++ {@code forward_offset_to}); one ending after the range is shortened.
     *
     * @return the number of records visited
     */
    int lookup(long offset, long length, MappingVisitor visitor) throws IOException;

    /** Visits every record in ascending order, untrimmed. */
    default void forEach(MappingVisitor visitor) throws IOException {
        lookup(0, SegmentMapping.MAX_OFFSET + SegmentMapping.MAX_LENGTH, visitor);
    }
}
