package io.obd4j.core.format.lsmt;

import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.ALIGNMENT;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.SPACE;

import io.obd4j.nativeio.NativeFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The sparse writable layer (overlaybd {@code LSMTSparseFile}, spec §1.6): virtual byte {@code o} lives at file
 * byte {@code 4096 + o} of one data file of size {@code vsize + 4096}. The index is kept in memory only and rebuilt
 * on open from the file's allocated extents ({@code SEEK_DATA}/{@code SEEK_HOLE}); a discard punches a hole, so after
 * a reopen the range is unmapped and lower layers show through it.
 */
public final class SparseLayer extends RwDataFile {
    private static final long BASE_SECTOR = SPACE / ALIGNMENT;

    private final NativeFile nativeData;

    private SparseLayer(Path dataPath, FileChannel data, NativeFile nativeData, Index0 index, long vsize,
                        boolean writable) {
        super(dataPath, data, index, vsize, writable);
        this.nativeData = nativeData;
    }

    /**
     * {@code create_file_rw(sparse_rw = true)}: the data file ({@code O_EXCL}) gets a header with flags 0x13 and is
     * sized to {@code vsize + 4096}. {@code indexPath}, when not null, is created empty, as the CLI does.
     */
    public static SparseLayer create(Path dataPath, Path indexPath, LayerInfo info) throws IOException {
        FileChannel data = FileChannel.open(dataPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            int flags = LsmtHeaderFormat.FLAGS_RW_DATA | LsmtHeaderFormat.FLAG_SPARSE_RW;
            RwIndexFile.writeFully(data, ByteBuffer.wrap(info.header(flags, 0).encode()), 0);
            if (indexPath != null) {
                Files.newByteChannel(indexPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            }
            NativeFile nf = NativeFile.openReadWrite(dataPath);
            nf.ftruncate(info.virtualSize() + SPACE);
            return new SparseLayer(dataPath, data, nf, new Index0(), info.virtualSize(), true);
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
    }

    /** {@code open_file_rw} of a sparse data file: the index is rebuilt from its data extents. */
    public static SparseLayer open(Path dataPath, boolean writable) throws IOException {
        FileChannel data = openData(dataPath, writable);
        NativeFile nf = null;
        try {
            LsmtHeader h = readHeader(dataPath, data, true, "a sparse data file (bit4 = 1)");
            nf = writable ? NativeFile.openReadWrite(dataPath) : NativeFile.openReadOnly(dataPath);
            Index0 index = new Index0();
            rebuildIndex(dataPath.toString(), nf, index, data.size() / ALIGNMENT);
            return new SparseLayer(dataPath, data, nf, index, h.virtualSize(), writable);
        } catch (IOException | RuntimeException e) {
            if (nf != null) {
                nf.close();
            }
            data.close();
            throw e;
        }
    }

    /** Each data extent {@code [b, e)} from byte 4096 on becomes records split at 16383 sectors (§1.6). */
    private static void rebuildIndex(String name, NativeFile f, Index0 into, long dataSectors) throws IOException {
        long pos = SPACE;
        while (true) {
            long begin = f.seekData(pos);
            if (begin < 0) {
                return;
            }
            long end = f.seekHole(begin);
            if (end < 0) {
                return;
            }
            long sectors = (end - begin) / ALIGNMENT;
            long offset = (begin - SPACE) / ALIGNMENT;
            long moffset = begin / ALIGNMENT;
            while (sectors > 0) {
                int n = (int) Math.min(sectors, SegmentMapping.MAX_LENGTH);
                long w0 = SegmentMapping.word0(offset, n);
                long w1 = SegmentMapping.word1(moffset, false, 0);
                RwIndexFile.checkBounds(name, begin, w0, w1, dataSectors);
                into.insert(offset, n, moffset, false, 0);
                offset += n;
                moffset += n;
                sectors -= n;
            }
            pos = end;
        }
    }

    /** Rewrites the header's vsize, then resizes the file to {@code vsize + 4096}. */
    @Override
    public void updateVirtualSize(long newVsize) throws IOException {
        checkWritable();
        vsize = newVsize;
        RwIndexFile.rewriteVirtualSize(dataPath.toString(), data, newVsize);
        nativeData.ftruncate(newVsize + SPACE);
    }

    @Override
    public boolean isSparse() {
        return true;
    }

    /** Writes {@code piece} in place at file byte {@code 4096 + offset}. */
    @Override
    void writePiece(ByteBuffer piece, long offset) throws IOException {
        int n = piece.remaining();
        RwIndexFile.writeFully(data, piece, SPACE + offset);
        index.insert(offset / ALIGNMENT, n / ALIGNMENT, (SPACE + offset) / ALIGNMENT, false, 0);
    }

    /** Maps the range as zeroed and punches a hole under it. */
    @Override
    void discardPiece(long offset, int length) throws IOException {
        index.insert(offset / ALIGNMENT, length / ALIGNMENT, offset / ALIGNMENT + BASE_SECTOR, true, 0);
        nativeData.punchHole(SPACE + offset, length);
    }

    @Override
    public void flush() throws IOException {
        if (writable) {
            nativeData.fdatasync();
        }
    }

    @Override
    public void seal() throws IOException {
        checkWritable();
        flush();
        Sealer.seal(dataPath.toString(), data, index, data.size(), true);
        close();
    }

    @Override
    public void close() throws IOException {
        try (FileChannelSource s = source; FileChannel d = data; NativeFile n = nativeData) {
            if (writable && d.isOpen()) {
                n.fdatasync();
            }
        }
    }
}
