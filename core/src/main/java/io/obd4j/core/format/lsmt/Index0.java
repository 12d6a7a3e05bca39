package io.obd4j.core.format.lsmt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The writable layer's live index (overlaybd {@code Index0}, spec §1.5): sorted, non-overlapping records where a
 * later {@link #insert} wins over everything it overlaps. Records overlapping an insert are cut away: one covering
 * the start is shortened, one covering the end is trimmed at its front (moffset advanced unless zeroed), one
 * containing the new record is split in two, and records entirely inside are dropped. Length-0 inserts are ignored.
 *
 * <p>Layout: records are packed word pairs ({@link SegmentMapping#word0}/{@link SegmentMapping#word1}) in chunks of
 * at most {@value #CHUNK}, kept in a tree keyed by each chunk's first offset, about 24 bytes per record (a tree node
 * per record would take ~90), so the 128,000,000-record limit of a RW index stays within a few GiB of heap.
 *
 * <p>Thread safety: inserts take a write lock; lookups copy the matching records under the read lock into a
 * per-thread scratch array and visit them after releasing it, so a visitor may do I/O (or look up this index again)
 * without blocking writers. A record a reader has copied stays valid: writable layers never overwrite data in place.
 */
public final class Index0 implements SegmentIndex {
    static final int CHUNK = 64;

    private final TreeMap<Long, Chunk> chunks = new TreeMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private final List<Chunk> affected = new ArrayList<>();
    private long[] out = new long[4 * CHUNK];
    private int size;
    private long blockCount;

    /** Up to {@link #CHUNK} sorted records. */
    private static final class Chunk {
        final long[] w0 = new long[CHUNK];
        final long[] w1 = new long[CHUNK];
        int n;

        long firstOffset() {
            return SegmentMapping.offset(w0[0]);
        }
    }

    /** Inserts {@code m}; the new record wins over every record it overlaps. */
    public void insert(SegmentMapping m) {
        insert(m.offset(), m.length(), m.moffset(), m.zeroed(), m.tag());
    }

    /** Inserts one record given by its fields (sectors). */
    public void insert(long offset, int length, long moffset, boolean zeroed, int tag) {
        if (length == 0) {
            return;
        }
        long end = offset + length;
        lock.writeLock().lock();
        try {
            collectAffected(offset, end);
            int n = 0;
            boolean placed = false;
            for (Chunk c : affected) {
                for (int i = 0; i < c.n; i++) {
                    long w0 = c.w0[i];
                    long w1 = c.w1[i];
                    account(w0, w1, -1);
                    long ro = SegmentMapping.offset(w0);
                    long re = ro + SegmentMapping.length(w0);
                    if (!placed && ro >= offset) {
                        n = put(n, SegmentMapping.word0(offset, length), SegmentMapping.word1(moffset, zeroed, tag));
                        placed = true;
                    }
                    if (re <= offset || ro >= end) {
                        n = put(n, w0, w1);
                        continue;
                    }
                    if (ro < offset) {
                        n = put(n, SegmentMapping.word0(ro, (int) (offset - ro)), w1);
                    }
                    if (!placed) {
                        n = put(n, SegmentMapping.word0(offset, length), SegmentMapping.word1(moffset, zeroed, tag));
                        placed = true;
                    }
                    if (re > end) {
                        long delta = end - ro;
                        long m = SegmentMapping.moffset(w1);
                        boolean z = SegmentMapping.zeroed(w1);
                        n = put(n, SegmentMapping.word0(end, (int) (re - end)),
                                SegmentMapping.word1(z ? m : m + delta, z, SegmentMapping.tag(w1)));
                    }
                }
            }
            if (!placed) {
                n = put(n, SegmentMapping.word0(offset, length), SegmentMapping.word1(moffset, zeroed, tag));
            }
            store(n);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes from the tree every chunk that may hold a record overlapping {@code [offset, end)} into affected. */
    private void collectAffected(long offset, long end) {
        affected.clear();
        Map.Entry<Long, Chunk> first = chunks.floorEntry(offset);
        if (first == null) {
            first = chunks.firstEntry();
        }
        if (first == null) {
            return;
        }
        for (Map.Entry<Long, Chunk> e = first; e != null && (e == first || e.getKey() < end);
             e = chunks.higherEntry(e.getKey())) {
            affected.add(e.getValue());
        }
        for (Chunk c : affected) {
            chunks.remove(c.firstOffset());
        }
    }

    private int put(int n, long w0, long w1) {
        if (2 * n + 2 > out.length) {
            long[] bigger = new long[out.length * 2];
            System.arraycopy(out, 0, bigger, 0, out.length);
            out = bigger;
        }
        out[2 * n] = w0;
        out[2 * n + 1] = w1;
        account(w0, w1, 1);
        return n + 1;
    }

    /** Puts {@code n} output records back as evenly filled chunks, reusing the affected chunks' arrays. */
    private void store(int n) {
        int parts = (n + CHUNK - 1) / CHUNK;
        int at = 0;
        for (int p = 0; p < parts; p++) {
            int take = (n - at) / (parts - p);
            Chunk c = p < affected.size() ? affected.get(p) : new Chunk();
            for (int i = 0; i < take; i++) {
                c.w0[i] = out[2 * (at + i)];
                c.w1[i] = out[2 * (at + i) + 1];
            }
            c.n = take;
            chunks.put(c.firstOffset(), c);
            at += take;
        }
        affected.clear();
    }

    private void account(long w0, long w1, int sign) {
        size += sign;
        if (!SegmentMapping.zeroed(w1)) {
            blockCount += sign * (long) SegmentMapping.length(w0);
        }
    }

    @Override
    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long blockCount() {
        lock.readLock().lock();
        try {
            return blockCount;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int lookup(long offset, long length, MappingVisitor visitor) throws IOException {
        if (length <= 0) {
            return 0;
        }
        Scratch s = scratch.get();
        boolean nested = s.busy;
        if (nested) {
            s = new Scratch();
        }
        s.busy = true;
        try {
            int n = collect(offset, offset + length, s);
            for (int i = 0; i < n; i++) {
                long w0 = s.words[2 * i];
                long w1 = s.words[2 * i + 1];
                visitor.visit(SegmentMapping.offset(w0), SegmentMapping.length(w0), SegmentMapping.moffset(w1),
                        SegmentMapping.zeroed(w1), SegmentMapping.tag(w1));
            }
            return n;
        } finally {
            s.busy = false;
        }
    }

    /** Copies the records overlapping {@code [begin, end)}, trimmed to it, as word pairs into {@code s}. */
    private int collect(long begin, long end, Scratch s) {
        lock.readLock().lock();
        try {
            int n = 0;
            Long from = chunks.floorKey(begin);
            Map<Long, Chunk> tail = from == null ? chunks : chunks.tailMap(from, true);
            for (Chunk c : tail.values()) {
                if (c.firstOffset() >= end) {
                    break;
                }
                for (int i = 0; i < c.n; i++) {
                    long w0 = c.w0[i];
                    long ro = SegmentMapping.offset(w0);
                    if (ro >= end) {
                        break;
                    }
                    if (ro + SegmentMapping.length(w0) > begin) {
                        n = s.add(n, w0, c.w1[i], begin, end);
                    }
                }
            }
            return n;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The whole index, sorted, as interleaved packed words {@code [word0, word1, word0, word1, ...]}
     * (C++ {@code dump()}); tags as inserted.
     */
    public long[] dump() {
        lock.readLock().lock();
        try {
            long[] words = new long[size * 2];
            int i = 0;
            for (Chunk c : chunks.values()) {
                for (int j = 0; j < c.n; j++) {
                    words[i++] = c.w0[j];
                    words[i++] = c.w1[j];
                }
            }
            return words;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Per-thread buffer of trimmed records. */
    private static final class Scratch {
        long[] words = new long[256];
        boolean busy;

        int add(int n, long w0, long w1, long begin, long end) {
            if (2 * n + 2 > words.length) {
                long[] bigger = new long[words.length * 2];
                System.arraycopy(words, 0, bigger, 0, words.length);
                words = bigger;
            }
            long start = SegmentMapping.offset(w0);
            long stop = Math.min(start + SegmentMapping.length(w0), end);
            long moffset = SegmentMapping.moffset(w1);
            boolean zeroed = SegmentMapping.zeroed(w1);
            if (start < begin) {
                if (!zeroed) {
                    moffset += begin - start;
                }
                start = begin;
            }
            words[2 * n] = SegmentMapping.word0(start, (int) (stop - start));
            words[2 * n + 1] = SegmentMapping.word1(moffset, zeroed, SegmentMapping.tag(w1));
            return n + 1;
        }
    }
}
