package io.obd4j.core.format.lsmt;

import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.ALIGNMENT;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.SPACE;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.List;

/**
 * {@code compact()} (spec §1.8): writes a committed read-only LSMT layer from a sorted index over one or more source
 * files, strictly sequentially (so the output can be a ZFile writer, a tar wrapper or an upload stream):
 * header (flags 0x07), data copied in 32 KiB steps with one record per step, the index coalesced by
 * {@link IndexCompressor} and padded with invalid records to a multiple of 256, then the trailer (flags 0x06).
 */
public final class Committer {
    /** Copy step: each step of a data record becomes one record before coalescing. */
    static final int STEP = 32 * 1024;
    private static final int RECORDS_PER_BLOCK = 4096 / SegmentMapping.BYTES;

    private Committer() {
    }

    /** Commits one writable layer (C++ {@code LSMTFile::commit}). */
    public static long commit(RwLayer layer, CommitArgs args, WritableByteChannel out) throws IOException {
        long[] words = layer.index().dump();
        LsmtHeader h = layer.header();
        return compact(words, words.length / 2, List.of(layer.dataSource()), h, h, args, out);
    }

    /**
     * Commits a read-only layer ({@code overlaybd-commit --commit_sealed}, C++ {@code LSMTReadOnlyFile::commit}):
     * normally a data file sealed in place by {@link RwLayer#seal()}; its header gives vsize and parent uuid.
     */
    public static long commitSealed(LsmtLayer layer, CommitArgs args, WritableByteChannel out) throws IOException {
        LsmtIndex idx = layer.index();
        int n = idx.size();
        long[] words = new long[2 * n];
        for (int i = 0; i < n; i++) {
            words[2 * i] = idx.word0(i);
            words[2 * i + 1] = SegmentMapping.withTag(idx.word1(i), 0);
        }
        return compact(words, n, List.of(layer.source()), layer.header(), layer.header(), args, out);
    }

    /**
     * The general compaction.
     *
     * @param words  sorted records as interleaved word0/word1 pairs; a record's tag selects its source in
     *               {@code files}; it is modified (zeroed records get their new moffset)
     * @param count  number of records in {@code words}
     * @param top    header of {@code src_files[0]}: gives the virtual size
     * @param bottom header of {@code src_files[n-1]} (the same as {@code top} for one file): gives the parent uuid
     *               unless {@code args} names one
     * @return bytes written
     */
    public static long compact(long[] words, int count, List<? extends BlockSource> files, LsmtHeader top,
                               LsmtHeader bottom, CommitArgs args, WritableByteChannel out) throws IOException {
        LayerUuid uuid = LayerUuid.parseOrNull(args.uuid());
        LayerUuid parent = LayerUuid.isValid(args.parentUuid()) ? LayerUuid.parse(args.parentUuid())
                : LayerUuid.parseOrNull(bottom.parentUuid());
        LsmtHeader header = LsmtHeader.of(LsmtHeaderFormat.FLAGS_COMMIT_HEADER, 0, 0, top.virtualSize(), uuid,
                parent, args.userTag());
        Output o = new Output(out);
        o.write(ByteBuffer.wrap(header.encode()));
        RecordList index = new RecordList(count + count / 8 + 16);
        long moffset = SPACE / ALIGNMENT;
        ByteBuffer buf = ByteBuffer.allocateDirect(STEP);
        for (int r = 0; r < count; r++) {
            long w0 = words[2 * r];
            long w1 = words[2 * r + 1];
            if (SegmentMapping.zeroed(w1)) {
                index.add(w0, SegmentMapping.word1(moffset, true, SegmentMapping.tag(w1)));
                continue;
            }
            moffset = copy(w0, w1, moffset, files, buf, index, o);
        }
        long indexOffset = moffset * ALIGNMENT;
        int n = IndexCompressor.compress(index.words, index.size);
        int padded = n % RECORDS_PER_BLOCK == 0 ? n : (n / RECORDS_PER_BLOCK + 1) * RECORDS_PER_BLOCK;
        ByteBuffer block = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < padded; i++) {
            boolean real = i < n;
            block.putLong(real ? index.words[2 * i] : SegmentMapping.INVALID.word0());
            block.putLong(real ? index.words[2 * i + 1] : SegmentMapping.INVALID.word1());
            if (!block.hasRemaining()) {
                o.write(block.flip());
                block.clear();
            }
        }
        LsmtHeader trailer = LsmtHeader.of(LsmtHeaderFormat.FLAGS_TRAILER, indexOffset, padded, top.virtualSize(),
                uuid, parent, args.userTag());
        o.write(ByteBuffer.wrap(trailer.encode()));
        return o.written;
    }

    /** Copies one data record in 32 KiB steps, one output record per step; returns the new data end (sectors). */
    private static long copy(long w0, long w1, long moffset, List<? extends BlockSource> files, ByteBuffer buf,
                             RecordList index, Output o) throws IOException {
        int tag = SegmentMapping.tag(w1);
        if (tag >= files.size()) {
            throw new FormatException("commit source index", "SegmentMapping.tag", SegmentMapping.offset(w0),
                    "< " + files.size() + " source files", tag);
        }
        BlockSource src = files.get(tag);
        long lba = SegmentMapping.offset(w0);
        long from = SegmentMapping.moffset(w1) * ALIGNMENT;
        long left = (long) SegmentMapping.length(w0) * ALIGNMENT;
        long m = moffset;
        while (left > 0) {
            int step = (int) Math.min(left, STEP);
            buf.clear().limit(step);
            src.readFully(buf, from);
            buf.flip();
            int sectors = step / ALIGNMENT;
            index.add(SegmentMapping.word0(lba, sectors), SegmentMapping.word1(m, false, tag));
            o.write(buf);
            lba += sectors;
            m += sectors;
            from += step;
            left -= step;
        }
        return m;
    }

    /** A growable list of packed records. */
    private static final class RecordList {
        long[] words;
        int size;

        RecordList(int capacity) {
            words = new long[2 * Math.max(capacity, 4)];
        }

        void add(long w0, long w1) {
            if (2 * size + 2 > words.length) {
                long[] bigger = new long[words.length * 2];
                System.arraycopy(words, 0, bigger, 0, words.length);
                words = bigger;
            }
            words[2 * size] = w0;
            words[2 * size + 1] = w1;
            size++;
        }
    }

    /** Counts and fully writes sequential output. */
    private static final class Output {
        final WritableByteChannel out;
        long written;

        Output(WritableByteChannel out) {
            this.out = out;
        }

        void write(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                written += out.write(b);
            }
        }
    }
}
