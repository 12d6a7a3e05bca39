package io.obd4j.core.format.zfile;

import io.obd4j.core.format.Crc32c;
import io.obd4j.core.format.FormatException;
import io.obd4j.core.io.BlockSource;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decompressed view of a ZFile (overlaybd's {@code CompressionFile::pread}, spec §2.6): a {@link BlockSource}
 * of {@code original_file_size} bytes.
 *
 * <p>A read clips to the size, fetches the stored bytes of consecutive blocks in one underlying read of at most
 * 64 KiB, checks each block's CRC32C when the file has {@code verify=1} (whatever the caller wants: overlaybd does
 * the same), and decompresses straight into the caller's buffer for whole blocks. On a CRC or decompression failure
 * the block's stored range is evicted from the source ({@link BlockSource#evict}) and re-read, up to 3 times as
 * overlaybd does; then the read fails with {@link ZFileChecksumException} or a {@link FormatException} naming the
 * block.
 *
 * <p>Thread-safe. A read allocates nothing: scratch buffers and codecs are per thread ({@link ReadScratch}). A
 * partial read of a block keeps the decompressed block in the thread's scratch, and the next partial read of that
 * block copies from it ({@link ReadScratch} explains the memo).
 * The reader owns its source: {@link #close()} closes it.
 */
public final class ZFileReader implements BlockSource {
    /** Re-reads after a failed check before giving up ({@code retry = 3} in {@code pread}). */
    static final int RELOADS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(ZFileReader.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final BlockSource source;
    private final ZFileMetadata metadata;
    private final JumpTable table;
    private final CompressionAlgorithm algorithm;
    private final long size;
    private final int blockSize;
    private final int blockShift;
    private final boolean verify;
    /** Names this reader in the per-thread block memo. */
    private final long id = IDS.incrementAndGet();
    /** Bumped by {@link #evict}: memoised blocks of older generations are not used again. */
    private volatile int generation;

    private ZFileReader(BlockSource source, ZFileMetadata metadata) {
        this.source = source;
        this.metadata = metadata;
        this.table = metadata.table();
        this.algorithm = metadata.algorithm();
        this.size = metadata.inUse().originalFileSize();
        this.blockSize = metadata.inUse().blockSize();
        this.blockShift = Integer.numberOfTrailingZeros(blockSize);
        this.verify = metadata.inUse().hasBlockCrc();
    }

    /**
     * Opens the ZFile in {@code source} (header, trailer unless overwritten, jump table; see {@link ZFileMetadata}).
     * On success the reader owns {@code source}; on failure the caller still does.
     */
    public static ZFileReader open(BlockSource source) throws IOException {
        ZFileReader r = new ZFileReader(source, ZFileMetadata.load(source));
        r.checkLastBlockLength();
        return r;
    }

    /**
     * The trailer's digest is not checked (as in overlaybd), so a changed {@code original_file_size} would go
     * unnoticed and shorten the view. The last block must decompress to exactly the remainder: checked here. A last
     * block that fails its CRC or cannot be decompressed is left to the reads (overlaybd opens such files).
     */
    private void checkLastBlockLength() throws IOException {
        int last = table.blockCount() - 1;
        if (last < 0) {
            return;
        }
        ReadScratch s = ReadScratch.get();
        s.forget();
        fetch(s, last, table.offset(last), table.storedLength(last), 0);
        int stored = (int) table.storedLength(last);
        int dataLen = verify ? stored - 4 : stored;
        if (verify && s.compressed.getInt(dataLen)
                != Crc32c.compute(Crc32c.ZFILE_BLOCK_SEED, s.compressed, 0, dataLen)) {
            return;
        }
        int n;
        try {
            n = s.codec(algorithm).decompressUpTo(s.compressed, 0, dataLen, s.block, 0, blockSize);
        } catch (BlockCodec.CorruptBlockException e) {
            return;
        }
        if (n != blockLength(last)) {
            throw new FormatException(name(), "original_file_size", metadata.inUse().originalFileSize(),
                    ((long) last << blockShift) + n + " (the last block holds " + n + " bytes)", size);
        }
    }

    public ZFileMetadata metadata() {
        return metadata;
    }

    public CompressionAlgorithm algorithm() {
        return algorithm;
    }

    public int blockSize() {
        return blockSize;
    }

    /** True when every stored block carries a CRC32C. */
    public boolean hasBlockCrc() {
        return verify;
    }

    public int blockCount() {
        return table.blockCount();
    }

    /** The underlying (compressed) source. */
    public BlockSource source() {
        return source;
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(ByteBuffer dst, long offset) throws IOException {
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int count = BlockSource.readLength(this, size, dst, offset);
        if (count == 0) {
            return 0;
        }
        int dstPos = dst.position();
        ReadScratch s = ReadScratch.get();
        BlockCodec codec = s.codec(algorithm);
        int block = (int) (offset >>> blockShift);
        int last = (int) ((offset + count - 1) >>> blockShift);
        int inBlock = (int) (offset & (blockSize - 1));
        int done = 0;
        int gen = generation;
        if (s.holds(id, block, gen)) {
            int take = Math.min(blockLength(block) - inBlock, count);
            dst.put(dstPos, s.block, inBlock, take);
            done = take;
            inBlock = 0;
            block++;
        }
        while (block <= last) {
            int end = block + 1;
            long runStart = table.offset(block);
            while (end <= last && table.offset(end + 1) - runStart <= ReadScratch.MAX_READ_SIZE) {
                end++;
            }
            fetch(s, block, runStart, table.offset(end) - runStart, 0);
            for (int i = block; i < end; i++) {
                int blockLen = blockLength(i);
                int take = Math.min(blockLen - inBlock, count - done);
                decode(s, codec, i, (int) (table.offset(i) - runStart), blockLen, dst, dstPos + done, inBlock, take,
                        gen);
                done += take;
                inBlock = 0;
            }
            block = end;
        }
        dst.position(dstPos + count);
        return count;
    }

    /**
     * Checks the CRC of every block without decompressing ({@code zfile_validation_check}, {@code overlaybd-zfile
     * --verify}).
     *
     * @throws FormatException when the file has no CRCs; {@link ZFileChecksumException} at the first bad block
     */
    public void validate() throws IOException {
        if (!verify) {
            throw new FormatException(name(), "opt.verify", ZFileHeaderFormat.VERIFY_OFFSET,
                    "1 (blocks carry CRCs) for a validation check", 0);
        }
        ReadScratch s = ReadScratch.get();
        for (int i = 0; i < table.blockCount(); i++) {
            fetch(s, i, table.offset(i), table.storedLength(i), 0);
            decode(s, null, i, 0, blockLength(i), null, 0, 0, 0, 0);
        }
    }

    /** Evicts the stored bytes behind the decompressed range {@code [offset, offset + length)} from the source. */
    @Override
    public void evict(long offset, long length) throws IOException {
        if (length <= 0 || offset >= size || offset < 0) {
            return;
        }
        int first = (int) (offset >>> blockShift);
        int last = (int) ((Math.min(size, offset + length) - 1) >>> blockShift);
        generation++;
        source.evict(table.offset(first), table.offset(last + 1) - table.offset(first));
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    private int blockLength(int i) {
        return i == table.blockCount() - 1 ? (int) (size - ((long) i << blockShift)) : blockSize;
    }

    /** Reads {@code len} stored bytes at {@code at} into {@code s.compressed} at {@code rel}. */
    private void fetch(ReadScratch s, int block, long at, long len, int rel) throws IOException {
        if (len > ReadScratch.MAX_STORED_BLOCK) {
            throw new FormatException(name(), "stored length of block " + block, at,
                    "<= " + ReadScratch.MAX_STORED_BLOCK + " bytes", len);
        }
        ByteBuffer buf = s.compressed;
        buf.clear().position(rel).limit(rel + (int) len);
        try {
            source.readFully(buf, at);
        } catch (EOFException e) {
            throw new FormatException(name(), "stored bytes of block " + block, at, len + " bytes",
                    "end of data (" + e.getMessage() + ")");
        }
        buf.clear(); // later steps index absolutely, also past this fetch (a retry re-reads one block of a run)
    }

    /**
     * Checks (and with a codec, decompresses) block {@code i} whose stored bytes are at {@code rel} in the scratch;
     * copies {@code take} bytes from {@code inBlock} to {@code dst} at {@code dstAt}. Evicts and re-reads on failure.
     * A partially copied block stays in the scratch as the memo of generation {@code gen}.
     */
    private void decode(ReadScratch s, BlockCodec codec, int i, int rel, int blockLen, ByteBuffer dst, int dstAt,
                        int inBlock, int take, int gen) throws IOException {
        int stored = (int) table.storedLength(i);
        int dataLen = verify ? stored - 4 : stored;
        ByteBuffer buf = s.compressed;
        for (int reloads = 0; ; reloads++) {
            int expected = 0;
            int found = 0;
            if (verify) {
                expected = buf.getInt(rel + dataLen);
                found = Crc32c.compute(Crc32c.ZFILE_BLOCK_SEED, buf, rel, dataLen);
            }
            String error = null;
            if (expected == found) {
                if (codec == null) {
                    return;
                }
                try {
                    if (inBlock == 0 && take == blockLen) {
                        codec.decompress(buf, rel, dataLen, dst, dstAt, blockLen);
                    } else {
                        s.forget();
                        codec.decompress(buf, rel, dataLen, s.block, 0, blockLen);
                        dst.put(dstAt, s.block, inBlock, take);
                        s.remember(id, i, gen);
                    }
                    return;
                } catch (BlockCodec.CorruptBlockException e) {
                    error = e.getMessage();
                }
            }
            if (reloads == RELOADS) {
                if (error == null) {
                    throw new ZFileChecksumException(name(), i, table.offset(i), expected, found);
                }
                throw new FormatException(name(), "compressed data of block " + i, table.offset(i),
                        blockLen + " bytes of " + algorithm + " data", error);
            }
            LOG.warn("{}: block {} at offset {} (length {}) {}; evicting and re-reading ({}/{})", name(), i,
                    table.offset(i), stored, error == null ? String.format("checksum failed (expected %08X but got "
                    + "%08X)", expected, found) : error, reloads + 1, RELOADS);
            source.evict(table.offset(i), stored);
            fetch(s, i, table.offset(i), stored, rel);
        }
    }
}
