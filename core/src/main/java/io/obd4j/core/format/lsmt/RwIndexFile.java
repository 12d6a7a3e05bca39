package io.obd4j.core.format.lsmt;

import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.SPACE;

import io.obd4j.core.format.FormatException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The index file of an append-only writable layer (spec §1.5): a 4096-byte header (flags 0x01, index_offset 4096)
 * followed by a log of 16-byte records, later records winning. Records are appended at {@code 4096 + 16 * count}
 * where count is the number of whole records, so a torn tail left by a crash is overwritten by the next append
 * instead of misaligning every later record.
 */
final class RwIndexFile implements Closeable {
    private static final int READ_CHUNK_RECORDS = 4096;

    private final Path path;
    private final FileChannel channel;
    private long records;

    private RwIndexFile(Path path, FileChannel channel, long records) {
        this.path = path;
        this.channel = channel;
        this.records = records;
    }

    /** Creates the file ({@code O_EXCL}) with its header. */
    static RwIndexFile create(Path path, LayerInfo info) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            writeFully(ch, ByteBuffer.wrap(info.header(LsmtHeaderFormat.FLAGS_RW_INDEX, SPACE).encode()), 0);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new RwIndexFile(path, ch, 0);
    }

    /**
     * Opens the index file, checks its header (§1.5 step 2) and replays its records (steps 3-6) into {@code into},
     * bounds-checking each against the data file's sectors {@code [8, dataSectors]}.
     *
     * @return the opened file; {@link #header()} is its header (the layer's vsize comes from there)
     */
    static RwIndexFile open(Path path, boolean writable, Index0 into, long dataSectors) throws IOException {
        FileChannel ch = writable
                ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ);
        try {
            long count = replay(path.toString(), ch, into, dataSectors);
            return new RwIndexFile(path, ch, count);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static long replay(String name, FileChannel ch, Index0 into, long dataSectors) throws IOException {
        LsmtHeader h = readHeader(name, ch);
        if (h.isDataFile() || h.isSealed()) {
            throw new FormatException(name, "flags", LsmtHeaderFormat.FLAGS_OFFSET,
                    "an unsealed index file (bit1 = 0, bit2 = 0)", String.format("0x%02X", h.flags()));
        }
        if (h.indexOffset() != SPACE) {
            throw new FormatException(name, "index_offset", LsmtHeaderFormat.INDEX_OFFSET_OFFSET,
                    String.valueOf(SPACE), h.indexOffset());
        }
        long count = (ch.size() - SPACE) / SegmentMapping.BYTES;
        if (count > LsmtHeaderFormat.MAX_INDEX_SIZE) {
            throw new FormatException(name, "index records", SPACE,
                    "at most " + LsmtHeaderFormat.MAX_INDEX_SIZE + " (MAX_LSMT_INDEX_SIZE)", count);
        }
        ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK_RECORDS * SegmentMapping.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (long done = 0; done < count; ) {
            int n = (int) Math.min(READ_CHUNK_RECORDS, count - done);
            buf.clear().limit(n * SegmentMapping.BYTES);
            long pos = SPACE + done * SegmentMapping.BYTES;
            readFully(name, ch, buf, pos);
            for (int i = 0; i < n; i++) {
                long w0 = buf.getLong(i * SegmentMapping.BYTES);
                long w1 = buf.getLong(i * SegmentMapping.BYTES + 8);
                if (SegmentMapping.offset(w0) == SegmentMapping.INVALID_OFFSET) {
                    continue;
                }
                checkBounds(name, pos + (long) i * SegmentMapping.BYTES, w0, w1, dataSectors);
                into.insert(SegmentMapping.offset(w0), SegmentMapping.length(w0), SegmentMapping.moffset(w1),
                        SegmentMapping.zeroed(w1), 0);
            }
            done += n;
        }
        return count;
    }

    /**
     * The C++ bounds check (§1.4 step 5): data needs {@code 8 <= moffset < end} and {@code 8 < mend <= end};
     * zeroed needs {@code 8 <= moffset <= end}. A record can only point past the data EOF when the index reached
     * disk before its data; our writer appends records to this file only after the data file was fdatasync'ed
     * ({@link LsmtWritableFile#flush()}), so a file we wrote never fails here.
     */
    static void checkBounds(String name, long filePos, long w0, long w1, long end) throws FormatException {
        long moffset = SegmentMapping.moffset(w1);
        long begin = SPACE / LsmtHeaderFormat.ALIGNMENT;
        boolean ok;
        if (SegmentMapping.zeroed(w1)) {
            ok = begin <= moffset && moffset <= end;
        } else {
            long mend = moffset + SegmentMapping.length(w0);
            ok = begin <= moffset && moffset < end && begin < mend && mend <= end;
        }
        if (!ok) {
            throw new FormatException(name, "SegmentMapping.moffset", filePos,
                    "a mapped range inside data sectors [" + begin + ", " + end + "]",
                    SegmentMapping.of(w0, w1));
        }
    }

    static LsmtHeader readHeader(String name, FileChannel ch) throws IOException {
        if (ch.size() < SPACE) {
            throw new FormatException(name, "HeaderTrailer", 0, SPACE + " bytes", ch.size() + " bytes of file");
        }
        ByteBuffer hb = ByteBuffer.allocate(SPACE);
        readFully(name, ch, hb, 0);
        LsmtHeader h = LsmtHeader.decode(hb.array(), 0, name, 0);
        if (!h.isHeader()) {
            throw new FormatException(name, "flags", LsmtHeaderFormat.FLAGS_OFFSET, "bit0 (header) set",
                    String.format("0x%02X", h.flags()));
        }
        return h;
    }

    LsmtHeader header() throws IOException {
        return readHeader(path.toString(), channel);
    }

    /** Appends {@code n} records given as interleaved word pairs after the last whole record. */
    void append(long[] words, int n) throws IOException {
        if (n == 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(n * SegmentMapping.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 2 * n; i++) {
            b.putLong(words[i]);
        }
        b.flip();
        writeFully(channel, b, SPACE + records * SegmentMapping.BYTES);
        records += n;
    }

    void force() throws IOException {
        channel.force(false);
    }

    /** Rewrites {@code virtual_size} in the header (C++ {@code update_header_vsize}). */
    void rewriteVirtualSize(long vsize) throws IOException {
        rewriteVirtualSize(path.toString(), channel, vsize);
    }

    static void rewriteVirtualSize(String name, FileChannel ch, long vsize) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, vsize);
        readHeader(name, ch);
        writeFully(ch, b, LsmtHeaderFormat.VIRTUAL_SIZE_OFFSET);
    }

    static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }

    static void readFully(String name, FileChannel ch, ByteBuffer b, long pos) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new FormatException(name, "file length", p, "at least " + (p + b.remaining()) + " bytes",
                        ch.size());
            }
            p += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
