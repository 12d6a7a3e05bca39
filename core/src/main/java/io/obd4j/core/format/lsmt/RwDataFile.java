package io.obd4j.core.format.lsmt;

import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.ALIGNMENT;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * What both writable layer kinds share: the data file channel, the live {@link Index0}, reads through that index,
 * the virtual size and the largest single write. Subclasses decide where writes land and how they become durable.
 */
abstract class RwDataFile implements RwLayer {
    /** The most bytes one index record can cover. */
    private static final int MAX_PIECE = SegmentMapping.MAX_LENGTH * ALIGNMENT;

    final Path dataPath;
    final FileChannel data;
    final Index0 index;
    final boolean writable;
    volatile long vsize;
    int maxIoSize = LsmtHeaderFormat.MAX_IO_SIZE;
    /** {@link #dataSource()}; the subclasses' {@code close} closes it (its page-cache descriptor). */
    final FileChannelSource source;
    private final IndexedReader reader;

    RwDataFile(Path dataPath, FileChannel data, Index0 index, long vsize, boolean writable) {
        this.dataPath = dataPath;
        this.data = data;
        this.index = index;
        this.vsize = vsize;
        this.writable = writable;
        this.source = new FileChannelSource(dataPath, data);
        this.reader = new IndexedReader(index, List.of(source));
    }

    /** Opens an existing data file for reading, and for writing too when {@code writable}. */
    static FileChannel openData(Path dataPath, boolean writable) throws IOException {
        return writable
                ? FileChannel.open(dataPath, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(dataPath, StandardOpenOption.READ);
    }

    /** Reads the data file's header and checks its sparse bit (bit4) is {@code sparse}, else names what was found. */
    static LsmtHeader readHeader(Path dataPath, FileChannel data, boolean sparse, String expected) throws IOException {
        LsmtHeader h = RwIndexFile.readHeader(dataPath.toString(), data);
        if (h.isSparse() != sparse) {
            throw new FormatException(dataPath.toString(), "flags", LsmtHeaderFormat.FLAGS_OFFSET, expected,
                    String.format("0x%02X", h.flags()));
        }
        return h;
    }

    static void checkAligned(long offset, long length) {
        if (((offset | length) & (ALIGNMENT - 1)) != 0 || offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset " + offset + " and length " + length
                    + " must be non-negative multiples of 512");
        }
    }

    /** Sets the largest single write (C++ {@code set_max_io_size}): a positive multiple of 4 KiB. */
    public void setMaxIoSize(int bytes) {
        if (bytes <= 0 || bytes % 4096 != 0) {
            throw new IllegalArgumentException("max I/O size must be a positive multiple of 4096: " + bytes);
        }
        maxIoSize = bytes;
    }

    @Override
    public Path dataPath() {
        return dataPath;
    }

    @Override
    public LsmtHeader header() throws IOException {
        return RwIndexFile.readHeader(dataPath.toString(), data);
    }

    @Override
    public long virtualSize() {
        return vsize;
    }

    @Override
    public Index0 index() {
        return index;
    }

    @Override
    public BlockSource dataSource() {
        return source;
    }

    /** Checks and splits a write into pieces of at most the max I/O size, each given to {@link #writePiece}. */
    @Override
    public void write(ByteBuffer src, long offset) throws IOException {
        checkWritable();
        checkAligned(offset, src.remaining());
        long off = offset;
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), maxIoSize);
            writePiece(src.slice(src.position(), n), off);
            src.position(src.position() + n);
            off += n;
        }
    }

    /** Writes all of {@code piece} at virtual byte {@code offset} and maps it. */
    abstract void writePiece(ByteBuffer piece, long offset) throws IOException;

    /** Checks and splits a discard into pieces one index record can cover, each given to {@link #discardPiece}. */
    @Override
    public void discard(long offset, long length) throws IOException {
        checkWritable();
        checkAligned(offset, length);
        for (long off = offset, left = length; left > 0; ) {
            int n = (int) Math.min(left, MAX_PIECE);
            discardPiece(off, n);
            off += n;
            left -= n;
        }
    }

    /** Makes {@code length} bytes at virtual byte {@code offset} read as zeros. */
    abstract void discardPiece(long offset, int length) throws IOException;

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        reader.read(dst, offset);
    }

    void checkWritable() {
        if (!writable) {
            throw new IllegalStateException(dataPath + " was opened read-only");
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + dataPath + "]";
    }
}
