package io.obd4j.core.format.tar;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The payload of a single-member tar around a layer blob ({@code TarFile} in {@code tar_file.cpp}, spec §2.9).
 * The payload starts at 512, or at 1536 when a PAX header precedes the member; its size is the PAX {@code size=}
 * record when present and positive, else the ustar size field.
 *
 * <p>overlaybd takes those offsets for granted; a tar whose member data does not actually start there (long PAX
 * records, GNU long names, zero blocks in between) would be read from the wrong place, so it is refused here.
 * Thread-safe; owns the raw source.
 */
public final class TarWrappedSource implements BlockSource {
    /** Largest PAX / GNU extension payload read (overlaybd's commit writes 15 bytes). */
    private static final int MAX_EXTENSION = 1 << 20;

    private final BlockSource raw;
    private final long base;
    private final long size;

    private TarWrappedSource(BlockSource raw, long base, long size) {
        this.raw = raw;
        this.base = base;
        this.size = size;
    }

    /** {@code is_tar_file}: a 512-byte ustar header with magic, version and checksum at offset 0. */
    public static boolean isTar(BlockSource raw) throws IOException {
        if (raw.size() < TarHeaderFormat.BLOCK) {
            return false;
        }
        return TarHeaderFormat.isUstar(readBlock(raw, 0));
    }

    /** Opens the payload of the tar in {@code raw} (the caller has checked {@link #isTar}). Owns {@code raw}. */
    public static TarWrappedSource open(BlockSource raw) throws IOException {
        String file = raw.name();
        long rawSize = raw.size();
        long pos = 0;
        byte[] h = readHeader(raw, pos, rawSize);
        long paxSize = -1;
        boolean pax = false;
        while (isExtension(h[TarHeaderFormat.TYPEFLAG_OFFSET])) {
            long sz = TarHeaderFormat.parseOctal(h, TarHeaderFormat.SIZE_OFFSET, 12);
            if (sz < 0 || sz > MAX_EXTENSION) {
                throw new FormatException(file, "tar extension header size", pos + TarHeaderFormat.SIZE_OFFSET,
                        "an octal size <= " + MAX_EXTENSION, sz < 0 ? "no octal digits" : Long.toString(sz));
            }
            long blocks = (sz + TarHeaderFormat.BLOCK - 1) / TarHeaderFormat.BLOCK;
            byte typeflag = h[TarHeaderFormat.TYPEFLAG_OFFSET];
            if (typeflag == TarHeaderFormat.PAX_HEADER || typeflag == TarHeaderFormat.PAX_GLOBAL_HEADER) {
                pax = true;
            }
            if (typeflag == TarHeaderFormat.PAX_HEADER) {
                paxSize = PaxRecords.size(file, pos + TarHeaderFormat.BLOCK,
                        readBytes(raw, pos + TarHeaderFormat.BLOCK, (int) sz, rawSize));
            }
            pos += TarHeaderFormat.BLOCK * (1 + blocks);
            h = readHeader(raw, pos, rawSize);
        }
        long base = pax ? 3 * TarHeaderFormat.BLOCK : TarHeaderFormat.BLOCK;
        if (pos + TarHeaderFormat.BLOCK != base) {
            throw new FormatException(file, "tar member data offset", pos + TarHeaderFormat.BLOCK,
                    base + " (where overlaybd reads the payload)", pos + TarHeaderFormat.BLOCK);
        }
        long size = paxSize > 0 ? paxSize : TarHeaderFormat.parseOctal(h, TarHeaderFormat.SIZE_OFFSET, 12);
        if (size < 0 || size > rawSize - base) {
            throw new FormatException(file, "tar member size", pos + TarHeaderFormat.SIZE_OFFSET,
                    "<= " + (rawSize - base) + " bytes inside the blob", size < 0 ? "no octal digits" : size);
        }
        return new TarWrappedSource(raw, base, size);
    }

    private static boolean isExtension(byte typeflag) {
        return typeflag == TarHeaderFormat.PAX_HEADER || typeflag == TarHeaderFormat.PAX_GLOBAL_HEADER
                || typeflag == TarHeaderFormat.GNU_LONGNAME || typeflag == TarHeaderFormat.GNU_LONGLINK;
    }

    private static byte[] readHeader(BlockSource raw, long pos, long rawSize) throws IOException {
        if (pos + TarHeaderFormat.BLOCK > rawSize) {
            throw new FormatException(raw.name(), "tar header", pos, "a 512-byte header block",
                    "end of the blob at " + rawSize);
        }
        return readBlock(raw, pos);
    }

    private static byte[] readBlock(BlockSource raw, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(TarHeaderFormat.BLOCK);
        raw.readFully(b, pos);
        return b.array();
    }

    private static byte[] readBytes(BlockSource raw, long pos, int len, long rawSize) throws IOException {
        if (pos + len > rawSize) {
            throw new FormatException(raw.name(), "tar extension data", pos, len + " bytes", "end of the blob");
        }
        ByteBuffer b = ByteBuffer.allocate(len);
        raw.readFully(b, pos);
        return b.array();
    }

    /** Offset of the payload in the raw blob (512 or 1536). */
    public long payloadOffset() {
        return base;
    }

    @Override
    public String name() {
        return raw.name();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(ByteBuffer dst, long offset) throws IOException {
        return readPayload(dst, offset, false);
    }

    @Override
    public int readIfCached(ByteBuffer dst, long offset) throws IOException {
        return readPayload(dst, offset, true);
    }

    /** Reads the payload clipped at its end, from the raw blob or (when {@code cachedOnly}) its page cache. */
    private int readPayload(ByteBuffer dst, long offset, boolean cachedOnly) throws IOException {
        if (offset >= size || !dst.hasRemaining()) {
            return 0;
        }
        int limit = dst.limit();
        long avail = size - offset;
        if (dst.remaining() > avail) {
            dst.limit(dst.position() + (int) avail);
        }
        try {
            return cachedOnly ? raw.readIfCached(dst, base + offset) : raw.read(dst, base + offset);
        } finally {
            dst.limit(limit);
        }
    }

    @Override
    public void evict(long offset, long length) throws IOException {
        raw.evict(base + offset, length);
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }

    /** PAX extended header records: {@code "<len> <key>=<value>\n"}. */
    static final class PaxRecords {
        private PaxRecords() {
        }

        /** The value of the last {@code size} record, or -1 when there is none. */
        static long size(String file, long at, byte[] data) throws FormatException {
            long size = -1;
            int p = 0;
            while (p < data.length) {
                int sp = p;
                while (sp < data.length && data[sp] >= '0' && data[sp] <= '9' && sp - p < 9) {
                    sp++;
                }
                int len = sp > p ? Integer.parseInt(new String(data, p, sp - p, StandardCharsets.US_ASCII)) : 0;
                if (sp == p || sp >= data.length || data[sp] != ' ' || len < 5 || len < sp - p + 2
                        || p + len > data.length
                        || data[p + len - 1] != '\n') {
                    throw new FormatException(file, "PAX record", at + p, "\"<len> <key>=<value>\\n\"",
                            "malformed record");
                }
                String rec = new String(data, sp + 1, p + len - sp - 2, StandardCharsets.UTF_8);
                int eq = rec.indexOf('=');
                if (eq < 0) {
                    throw new FormatException(file, "PAX record", at + p, "key=value", rec);
                }
                if (rec.substring(0, eq).equals("size")) {
                    try {
                        size = Long.parseLong(rec.substring(eq + 1));
                    } catch (NumberFormatException e) {
                        throw new FormatException(file, "PAX size", at + p, "a decimal size", rec.substring(eq + 1));
                    }
                }
                p += len;
            }
            return size;
        }
    }
}
