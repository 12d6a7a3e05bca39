package io.obd4j.core.format.lsmt;

import io.obd4j.core.io.BlockSource;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A writable LSMT layer: the append-only data+index pair ({@link LsmtWritableFile}, spec §1.5) or the sparse data
 * file ({@link SparseLayer}, §1.6). Offsets and lengths are bytes, multiples of 512. Writes, discards and reads may
 * run concurrently; every write is visible to reads once {@code write} returns, durable once {@link #flush()}
 * returns.
 */
public interface RwLayer extends Closeable {

    /**
     * Opens a writable layer of either kind, as {@code open_file_rw} does: the data file's header says whether it is
     * sparse (then {@code indexPath} is not used and may be null) or append-only.
     */
    static RwLayer open(Path dataPath, Path indexPath, boolean writable) throws IOException {
        LsmtHeader h;
        try (FileChannel ch = FileChannel.open(dataPath, StandardOpenOption.READ)) {
            h = RwIndexFile.readHeader(dataPath.toString(), ch);
        }
        return h.isSparse() ? SparseLayer.open(dataPath, writable)
                : LsmtWritableFile.open(dataPath, indexPath, writable);
    }

    /** Creates a writable layer of the kind {@code info} asks for. */
    static RwLayer create(Path dataPath, Path indexPath, LayerInfo info) throws IOException {
        return info.sparse() ? SparseLayer.create(dataPath, indexPath, info)
                : LsmtWritableFile.create(dataPath, indexPath, info);
    }

    /** The data file (what {@link #seal()} turns into a read-only layer). */
    Path dataPath();

    /** The data file's header as it is on disk (creation fields; vsize as last rewritten). */
    LsmtHeader header() throws IOException;

    /** The layer's virtual size in bytes (grows with writes past it, like C++ {@code m_vsize}). */
    long virtualSize();

    /** Sets the virtual size and rewrites it in the on-disk header(s) (C++ {@code update_vsize}). */
    void updateVirtualSize(long vsize) throws IOException;

    /** The live index; records carry tag 0 and moffsets into {@link #dataSource()}. */
    Index0 index();

    /** The data file as a byte source (what index records' moffsets address). */
    BlockSource dataSource();

    /** True for a sparse layer. */
    boolean isSparse();

    /** Writes {@code src.remaining()} bytes at virtual byte {@code offset}. */
    void write(ByteBuffer src, long offset) throws IOException;

    /** Makes {@code [offset, offset + length)} read as zeros (and, for append-only layers, hide lower layers). */
    void discard(long offset, long length) throws IOException;

    /** Makes every write and discard that returned before this call durable. */
    void flush() throws IOException;

    /** Reads this layer alone: unmapped ranges read as zeros. */
    void read(ByteBuffer dst, long offset) throws IOException;

    /**
     * {@code close_seal()} (§1.7): appends the sorted index and a trailer to the data file in place, turning it into
     * a read-only layer, and closes this layer.
     */
    void seal() throws IOException;

    /** {@code commit} (§1.8): writes a compacted read-only layer to {@code out}, strictly sequentially. */
    default void commit(CommitArgs args, WritableByteChannel out) throws IOException {
        Committer.commit(this, args, out);
    }
}
