package io.obd4j.core.ext4;

/** A byte range {@code [offset, offset + length)} of a raw filesystem image; both are 4 KiB aligned. */
public record Extent(long offset, long length) {
    public Extent {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("extent offset " + offset + " length " + length);
        }
    }

    public long end() {
        return offset + length;
    }
}
