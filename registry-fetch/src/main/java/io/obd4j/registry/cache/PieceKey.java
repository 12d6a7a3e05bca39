package io.obd4j.registry.cache;

/** One piece of one blob: the blob's cache key (its digest text) and the piece index (offset / piece size). */
final class PieceKey {
    final String blob;
    final long index;

    PieceKey(String blob, long index) {
        this.blob = blob;
        this.index = index;
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
