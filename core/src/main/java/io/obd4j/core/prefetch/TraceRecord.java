package io.obd4j.core.prefetch;

/**
 * One trace entry: {@code op} ({@link TraceFormat#OP_READ} or {@link TraceFormat#OP_WRITE}), the lower it applies to
 * ({@code layer}, index in {@code lowers[]} after the acceleration-layer pop; 0 = the merged image for a file list),
 * and the byte range {@code [offset, offset + count)} in that layer's unwrapped LSMT file.
 */
public record TraceRecord(byte op, int layer, long count, long offset) {
    public TraceRecord {
        if (count < 0 || offset < 0) {
            throw new IllegalArgumentException("trace record with negative count " + count + " or offset " + offset);
        }
    }

    /** A read of {@code count} bytes at {@code offset} of {@code layer}. */
    public static TraceRecord read(int layer, long count, long offset) {
        return new TraceRecord(TraceFormat.OP_READ, layer, count, offset);
    }
}
