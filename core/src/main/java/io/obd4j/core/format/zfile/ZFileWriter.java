package io.obd4j.core.format.zfile;

import io.obd4j.core.format.Crc32c;
import io.obd4j.core.format.FormatException;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * Streaming ZFile writer, the layout of overlaybd's {@code zfile_compress} / {@code ZFileBuilder} (spec §2.5):
 * header ({@code index_*} = 0) → blocks (compressed bytes [+ CRC32C seed 100007]) → jump table → trailer →
 * optionally the header again at the start, with the index fields and flag bit 3.
 *
 * <p>Writes go strictly forward, so any {@link WritableByteChannel} or {@link OutputStream} works; the header
 * overwrite needs a {@link SeekableByteChannel} (a file, or {@code TarWrapper}). {@link #close()} (or
 * {@link #finish()}) writes the table and trailer; it does not close the target.
 *
 * <p>Not thread-safe.
 */
public final class ZFileWriter implements Closeable {
    private final WritableByteChannel out;
    private final String name;
    private final ZFileOptions options;
    private final BlockCodec codec;
    private final ZFileHeader header;
    private final long start;
    private final byte[] block;
    private final byte[] stored;
    private int buffered;
    private int[] lengths = new int[1024];
    private int blocks;
    private long position;
    private long written;
    private boolean finished;

    private ZFileWriter(WritableByteChannel out, String name, ZFileOptions options, long start) {
        this.out = out;
        this.name = name;
        this.options = options;
        this.codec = BlockCodec.create(options.algorithm());
        this.start = start;
        this.block = new byte[options.blockSize()];
        // overlaybd compresses into block_size + 512 bytes (BUF_SIZE); both bounds fit for 4..64 KiB blocks.
        this.stored = new byte[Math.max(options.blockSize() + 512, codec.maxCompressedLength(options.blockSize())) + 4];
        this.header = new ZFileHeader(0, 0, 0, 0, 0, 0, options.blockSize(), options.algorithm().code(), 0, 0, 0,
                options.verify() ? 1 : 0);
    }

    /**
     * Starts a ZFile at the current position of {@code out} and writes the header.
     *
     * @param name what to call the target in errors
     * @throws IllegalArgumentException if the options ask for a header overwrite and {@code out} is not seekable
     */
    public static ZFileWriter create(WritableByteChannel out, String name, ZFileOptions options) throws IOException {
        long start = 0;
        if (options.overwriteHeader()) {
            if (!(out instanceof SeekableByteChannel)) {
                throw new IllegalArgumentException(name + ": overwriting the ZFile header needs a seekable target");
            }
            start = ((SeekableByteChannel) out).position();
        }
        ZFileWriter w = new ZFileWriter(out, name, options, start);
        w.writeHeaderTrailer(w.header.withFlags(ZFileHeaderFormat.FLAG_HEADER | ZFileHeaderFormat.FLAG_DATA_FILE
                | ZFileHeaderFormat.FLAG_CALC_DIGEST));
        return w;
    }

    /** Starts a ZFile on a stream (no header overwrite). */
    public static ZFileWriter create(OutputStream out, String name, ZFileOptions options) throws IOException {
        return create(Channels.newChannel(out), name, options);
    }

    public ZFileOptions options() {
        return options;
    }

    /** Uncompressed bytes accepted so far ({@code original_file_size} when finished). */
    public long originalSize() {
        return position;
    }

    /** Bytes written to the target so far. */
    public long bytesWritten() {
        return written;
    }

    public void write(byte[] src, int off, int len) throws IOException {
        checkOpen();
        position += len;
        while (len > 0) {
            int n = Math.min(len, block.length - buffered);
            System.arraycopy(src, off, block, buffered, n);
            buffered += n;
            off += n;
            len -= n;
            if (buffered == block.length) {
                writeBlock();
            }
        }
    }

    /** Consumes {@code src} from its position to its limit. */
    public void write(ByteBuffer src) throws IOException {
        checkOpen();
        position += src.remaining();
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), block.length - buffered);
            src.get(block, buffered, n);
            buffered += n;
            if (buffered == block.length) {
                writeBlock();
            }
        }
    }

    /** This writer as a channel for producers that write to one; closing the channel does not finish the file. */
    public WritableByteChannel asChannel() {
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                int n = src.remaining();
                ZFileWriter.this.write(src);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
                // finishing is the owner's call: finish() writes the jump table and trailer
            }
        };
    }

    /** Writes the last block, the jump table, the trailer and (if asked) the overwritten header. Idempotent. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (buffered > 0) {
            writeBlock();
        }
        finished = true;
        long indexOffset = written;
        ByteBuffer table = ByteBuffer.allocate(Math.min(JumpTable.CHUNK, 4 * Math.max(blocks, 1)))
                .order(ByteOrder.LITTLE_ENDIAN);
        int crc = 0;
        for (int i = 0; i < blocks; ) {
            table.clear();
            while (i < blocks && table.hasRemaining()) {
                table.putInt(lengths[i++]);
            }
            crc = Crc32c.compute(crc, table.array(), 0, table.position());
            table.flip();
            writeFully(table);
        }
        ZFileHeader t = header.withIndex(indexOffset, blocks, position, crc);
        writeHeaderTrailer(t.withFlags(ZFileHeaderFormat.FLAG_DATA_FILE | ZFileHeaderFormat.FLAG_SEALED
                | ZFileHeaderFormat.FLAG_CALC_DIGEST));
        if (options.overwriteHeader()) {
            SeekableByteChannel sc = (SeekableByteChannel) out;
            long end = sc.position();
            sc.position(start);
            ByteBuffer overwritten = ByteBuffer.wrap(ZFileHeaderFormat.encode(t.withFlags(
                    ZFileHeaderFormat.FLAG_HEADER | ZFileHeaderFormat.FLAG_DATA_FILE
                    | ZFileHeaderFormat.FLAG_HEADER_OVERWRITE | ZFileHeaderFormat.FLAG_CALC_DIGEST)));
            while (overwritten.hasRemaining()) {
                sc.write(overwritten);
            }
            sc.position(end);
        }
        codec.close();
    }

    /** Same as {@link #finish()}; the target stays open. */
    @Override
    public void close() throws IOException {
        finish();
    }

    private void writeBlock() throws IOException {
        int len = codec.compress(block, 0, buffered, stored, 0, stored.length - 4);
        if (options.verify()) {
            int crc = Crc32c.compute(Crc32c.ZFILE_BLOCK_SEED, stored, 0, len);
            stored[len++] = (byte) crc;
            stored[len++] = (byte) (crc >>> 8);
            stored[len++] = (byte) (crc >>> 16);
            stored[len++] = (byte) (crc >>> 24);
        }
        if (len > ReadScratch.MAX_READ_SIZE) {
            // overlaybd's writers would store this block, but its reader refuses any stored block over 64 KiB
            // (MAX_READ_SIZE, ERANGE), so the layer would be unreadable. No LZ4 block or zstd frame of 64 KiB of
            // incompressible data fits in 64 KiB, so the compatible choice is to refuse: use a smaller block size.
            throw new FormatException(name, "stored length of block " + blocks, written,
                    "<= 65536 bytes (overlaybd cannot read larger blocks; use a block size below 64 KiB)", len);
        }
        if (blocks == lengths.length) {
            lengths = Arrays.copyOf(lengths, blocks * 2);
        }
        lengths[blocks++] = len;
        buffered = 0;
        writeFully(ByteBuffer.wrap(stored, 0, len));
    }

    private void writeHeaderTrailer(ZFileHeader h) throws IOException {
        writeFully(ByteBuffer.wrap(ZFileHeaderFormat.encode(h)));
    }

    private void writeFully(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            written += out.write(buf);
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException(name + ": ZFile already finished");
        }
    }
}
