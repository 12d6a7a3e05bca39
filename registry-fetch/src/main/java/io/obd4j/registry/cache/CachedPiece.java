package io.obd4j.registry.cache;

import java.nio.file.Path;

/** A piece file known to the pool: where it is, its size on disk, and its pin count (guarded by the pool). */
final class CachedPiece {
    final PieceKey key;
    final Path file;
    final long diskBytes;
    int pins;
    /** Page CRC table once the header was read and validated; guarded by {@code this}. */
    int[] crcs;

    CachedPiece(PieceKey key, Path file, long diskBytes) {
        this.key = key;
        this.file = file;
        this.diskBytes = diskBytes;
    }
}
