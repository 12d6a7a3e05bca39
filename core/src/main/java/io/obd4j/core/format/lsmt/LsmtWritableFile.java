package io.obd4j.core.format.lsmt;

import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.ALIGNMENT;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.SPACE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append-only writable layer (overlaybd {@code LSMTFile}, spec §1.5): data is only ever appended to the data
 * file, and each write or discard adds a record to the live {@link Index0} and to the index file's log.
 *
 * <p>Durability order: a record reaches the index file only after the data it points to was fdatasync'ed. Records
 * wait in memory until {@link #flush()} (or until {@link #PENDING_LIMIT} of them wait), which syncs the data file,
 * appends them, then syncs the index file. So the index file never names data that is not on disk, and a crash
 * leaves at most orphan data after the last flushed record (harmless: it is garbage a commit drops).
 *
 * <p>Concurrent writes: each reserves its range at the data end under the write lock, then copies its bytes there
 * without the lock (one positional write, straight from the caller's buffer), then takes the lock again to insert
 * and queue its record. Writers on many threads thus write in parallel, and a record only ever names bytes that are
 * already in the file. A failed write leaves its reserved range as unreferenced garbage.
 */
public final class LsmtWritableFile extends RwDataFile {
    /** Records kept in memory before they are written out (with a data fdatasync first) without a flush. */
    static final int PENDING_LIMIT = 4096;

    private final RwIndexFile indexFile;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock flushLock = new ReentrantLock();
    /** Where the next write is appended (reserved ranges included). */
    private long dataEnd;
    /** The end of the bytes written so far; zeroed records point here, never past what is in the file. */
    private long writtenEnd;
    private long[] pending = new long[64];
    private int pendingCount;

    private LsmtWritableFile(Path dataPath, FileChannel data, RwIndexFile indexFile, Index0 index, long dataEnd,
                             long vsize, boolean writable) {
        super(dataPath, data, index, vsize, writable);
        this.indexFile = indexFile;
        this.dataEnd = dataEnd;
        this.writtenEnd = dataEnd;
    }

    /** {@code create_file_rw}: creates both files ({@code O_EXCL}) with their headers (§1.5). */
    public static LsmtWritableFile create(Path dataPath, Path indexPath, LayerInfo info) throws IOException {
        if (info.sparse()) {
            throw new IllegalArgumentException("use SparseLayer.create for a sparse layer");
        }
        FileChannel data = FileChannel.open(dataPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            RwIndexFile.writeFully(data, ByteBuffer.wrap(info.header(LsmtHeaderFormat.FLAGS_RW_DATA, 0).encode()), 0);
            RwIndexFile idx = RwIndexFile.create(indexPath, info);
            return new LsmtWritableFile(dataPath, data, idx, new Index0(), SPACE, info.virtualSize(), true);
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
    }

    /** {@code open_file_rw} of an append-only pair: checks both headers and replays the index log (§1.5). */
    public static LsmtWritableFile open(Path dataPath, Path indexPath, boolean writable) throws IOException {
        FileChannel data = openData(dataPath, writable);
        try {
            readHeader(dataPath, data, false,
                    "an append-only data file (bit4 = 0; open sparse layers with SparseLayer)");
            long size = data.size();
            Index0 index = new Index0();
            RwIndexFile idx = RwIndexFile.open(indexPath, writable, index, size / ALIGNMENT);
            long vsize;
            try {
                vsize = idx.header().virtualSize();
            } catch (IOException e) {
                idx.close();
                throw e;
            }
            // A crash can leave a partial sector at the data EOF; appending resumes at the next sector.
            long end = (size + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
            return new LsmtWritableFile(dataPath, data, idx, index, end, vsize, writable);
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
    }

    @Override
    public boolean isSparse() {
        return false;
    }

    /** The current end of the data file in bytes (where the next write is appended). */
    public long dataEnd() {
        writeLock.lock();
        try {
            return dataEnd;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void updateVirtualSize(long newVsize) throws IOException {
        checkWritable();
        vsize = newVsize;
        RwIndexFile.rewriteVirtualSize(dataPath.toString(), data, newVsize);
        indexFile.rewriteVirtualSize(newVsize);
    }

    /** Appends {@code chunk} at the data end and queues its record. */
    @Override
    void writePiece(ByteBuffer chunk, long offset) throws IOException {
        int n = chunk.remaining();
        long pos;
        writeLock.lock();
        try {
            pos = dataEnd;
            dataEnd = pos + n;
        } finally {
            writeLock.unlock();
        }
        RwIndexFile.writeFully(data, chunk, pos);
        boolean full;
        writeLock.lock();
        try {
            writtenEnd = Math.max(writtenEnd, pos + n);
            vsize = Math.max(vsize, offset + n);
            full = addRecord(offset / ALIGNMENT, n / ALIGNMENT, pos / ALIGNMENT, false);
        } finally {
            writeLock.unlock();
        }
        if (full) {
            writeOutPending(false);
        }
    }

    /** Queues a zeroed record (nothing is appended to the data file). */
    @Override
    void discardPiece(long offset, int length) throws IOException {
        boolean full;
        writeLock.lock();
        try {
            full = addRecord(offset / ALIGNMENT, length / ALIGNMENT, writtenEnd / ALIGNMENT, true);
        } finally {
            writeLock.unlock();
        }
        if (full) {
            writeOutPending(false);
        }
    }

    /** Inserts a record (tag 0) and queues it for the index file; caller holds the write lock. */
    private boolean addRecord(long offset, int length, long moffset, boolean zeroed) {
        index.insert(offset, length, moffset, zeroed, 0);
        if (2 * pendingCount + 2 > pending.length) {
            long[] bigger = new long[pending.length * 2];
            System.arraycopy(pending, 0, bigger, 0, pending.length);
            pending = bigger;
        }
        pending[2 * pendingCount] = SegmentMapping.word0(offset, length);
        pending[2 * pendingCount + 1] = SegmentMapping.word1(moffset, zeroed, 0);
        pendingCount++;
        return pendingCount >= PENDING_LIMIT;
    }

    @Override
    public void flush() throws IOException {
        if (writable) {
            writeOutPending(true);
        }
    }

    /** fdatasync data, then append the queued records, then (if asked) fdatasync the index. */
    private void writeOutPending(boolean syncIndex) throws IOException {
        flushLock.lock();
        try {
            long[] batch;
            int n;
            writeLock.lock();
            try {
                batch = pending;
                n = pendingCount;
                pending = new long[Math.max(64, 2 * n)];
                pendingCount = 0;
            } finally {
                writeLock.unlock();
            }
            if (n == 0 && !syncIndex) {
                return;
            }
            data.force(false);
            indexFile.append(batch, n);
            if (syncIndex) {
                indexFile.force();
            }
        } finally {
            flushLock.unlock();
        }
    }

    @Override
    public void seal() throws IOException {
        checkWritable();
        flush();
        writeLock.lock();
        try {
            Sealer.seal(dataPath.toString(), data, index, dataEnd, false);
        } finally {
            writeLock.unlock();
        }
        close();
    }

    @Override
    public void close() throws IOException {
        try (FileChannelSource s = source; FileChannel d = data; RwIndexFile i = indexFile) {
            if (writable && d.isOpen()) {
                flush();
            }
        }
    }
}
