package io.obd4j.core.format.lsmt;

import java.io.IOException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The writable layer's live index (overlaybd {@code Index0}, spec §1.5): sorted, non-overlapping records where a
 * later {@link #insert} wins over everything it overlaps. Records overlapping an insert are cut away: one covering
 * the start is shortened, one covering the end is trimmed at its front (moffset advanced unless zeroed), one
 * containing the new record is split in two, and records entirely inside are dropped. Length-0 inserts are ignored.
 *
 * <p>Thread safety: inserts take a write lock; lookups copy the matching records under the read lock into a
 * per-thread scratch array and visit them after releasing it, so a visitor may do I/O (or look up this index again)
 * without blocking writers. A record a reader has copied stays valid: writable layers never overwrite data in place.
 */
public final class Index0 implements SegmentIndex {

    private final TreeMap<Long, Entry> map = new TreeMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private long blockCount;

    /** One record; offset is the map key. */
    private record Entry(int length, long moffset, boolean zeroed, int tag) {
        long end(long offset) {
            return offset + length;
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
            Map.Entry<Long, Entry> lower = map.lowerEntry(offset);
            if (lower != null && lower.getValue().end(lower.getKey()) > offset) {
                long lo = lower.getKey();
                Entry e = lower.getValue();
                long loEnd = e.end(lo);
                remove(lo, e);
                put(lo, new Entry((int) (offset - lo), e.moffset, e.zeroed, e.tag));
                if (loEnd > end) {
                    put(end, forward(lo, e, end));
                }
            }
            NavigableMap<Long, Entry> inside = map.subMap(offset, true, end, false);
            while (!inside.isEmpty()) {
                Map.Entry<Long, Entry> first = inside.pollFirstEntry();
                Entry e = first.getValue();
                long key = first.getKey();
                account(e, -1);
                if (e.end(key) > end) {
                    put(end, forward(key, e, end));
                }
            }
            put(offset, new Entry(length, moffset, zeroed, tag));
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static Entry forward(long offset, Entry e, long to) {
        long delta = to - offset;
        return new Entry((int) (e.length - delta), e.zeroed ? e.moffset : e.moffset + delta, e.zeroed, e.tag);
    }

    private void put(long offset, Entry e) {
        map.put(offset, e);
        account(e, 1);
    }

    private void remove(long offset, Entry e) {
        map.remove(offset);
        account(e, -1);
    }

    private void account(Entry e, int sign) {
        if (!e.zeroed) {
            blockCount += sign * (long) e.length;
        }
    }

    @Override
    public int size() {
        lock.readLock().lock();
        try {
            return map.size();
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
            Map.Entry<Long, Entry> lower = map.lowerEntry(begin);
            if (lower != null && lower.getValue().end(lower.getKey()) > begin) {
                n = s.add(n, lower.getKey(), lower.getValue(), begin, end);
            }
            for (Map.Entry<Long, Entry> e : map.subMap(begin, true, end, false).entrySet()) {
                n = s.add(n, e.getKey(), e.getValue(), begin, end);
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
            long[] out = new long[map.size() * 2];
            int i = 0;
            for (Map.Entry<Long, Entry> me : map.entrySet()) {
                Entry e = me.getValue();
                out[i++] = SegmentMapping.word0(me.getKey(), e.length);
                out[i++] = SegmentMapping.word1(e.moffset, e.zeroed, e.tag);
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Per-thread buffer of trimmed records. */
    private static final class Scratch {
        long[] words = new long[256];
        boolean busy;

        int add(int n, long offset, Entry e, long begin, long end) {
            if (2 * n + 2 > words.length) {
                long[] bigger = new long[words.length * 2];
                System.arraycopy(words, 0, bigger, 0, words.length);
                words = bigger;
            }
            long moffset = e.moffset;
            long start = offset;
            if (start < begin) {
                if (!e.zeroed) {
                    moffset += begin - start;
                }
                start = begin;
            }
            long stop = Math.min(e.end(offset), end);
            words[2 * n] = SegmentMapping.word0(start, (int) (stop - start));
            words[2 * n + 1] = SegmentMapping.word1(moffset, e.zeroed, e.tag);
            return n + 1;
        }
    }
}
