package io.obd4j.registry.cache;

/** One piece of one blob: the blob's cache key (its digest text) and the piece index (offset / piece size). */
final class PieceKey {
    // Not final only so that a per-thread probe can look pieces up without allocating; stored keys never change.
    String blob;
    long index;

    PieceKey(String blob, long index) {
        this.blob = blob;
        this.index = index;
    }

    /** Repoints a lookup probe (never a key stored in a map). */
    PieceKey set(String b, long i) {
        this.blob = b;
        this.index = i;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PieceKey && ((PieceKey) o).index == index && ((PieceKey) o).blob.equals(blob);
    }

    @Override
    public int hashCode() {
        return blob.hashCode() * 31 + Long.hashCode(index);
    }

    @Override
    public String toString() {
        return blob + "#" + index;
    }
}
