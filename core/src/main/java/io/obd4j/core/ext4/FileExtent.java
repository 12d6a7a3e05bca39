package io.obd4j.core.ext4;

/**
 * A run of {@code length} blocks of a file starting at file block {@code logical} and disk block {@code physical};
 * {@code written} is false for an unwritten (preallocated, reads as zeros) extent.
 */
public record FileExtent(long logical, long physical, int length, boolean written) {
}
