package io.obd4j.core.ext4;

import io.obd4j.core.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Streams the members of an uncompressed OCI layer tar: ustar, GNU ({@code L}/{@code K} long names, base-256
 * numbers) and PAX ({@code x}/{@code g}: path, linkpath, size, uid, gid, mtime, atime, ctime, SCHILY.devmajor/
 * devminor, {@code SCHILY.xattr.*}, {@code LIBARCHIVE.xattr.*}). Call {@link #next()} and, for a regular file,
 * read its body from {@link #body()} before the next call (unread bytes are skipped).
 */
final class LayerTarReader {
    private static final int BLOCK = 512;

    private final InputStream in;
    private final String layer;
    private final LongConsumer progress;
    private final Map<String, String> globalPax = new HashMap<>();
    private final byte[] header = new byte[BLOCK];
    private long offset;
    private long bodyLeft;
    private long padding;
    private String current = "";

    LayerTarReader(InputStream in, String layer, LongConsumer progress) {
        this.in = in;
        this.layer = layer;
        this.progress = progress;
    }

    /** The next entry that makes something, or null at the end of the archive. */
    TarEntry next() throws IOException {
        skip(bodyLeft + padding);
        bodyLeft = 0;
        padding = 0;
        Map<String, String> pax = new HashMap<>(globalPax);
        String longName = null;
        String longLink = null;
        while (true) {
            long at = offset;
            if (!readHeader()) {
                return null;
            }
            String name = headerName(longName);
            current = name;
            try {
                checkChecksum(at);
                byte type = header[156];
                long size = number(124, 12, "size", at);
                if (pax.containsKey("size")) {
                    size = PaxHeaders.number(pax.get("size"), "size", where(at));
                }
                switch (type) {
                    case 'x' -> pax.putAll(PaxHeaders.parse(readBody(size, at), where(at)));
                    case 'g' -> {
                        Map<String, String> g = PaxHeaders.parse(readBody(size, at), where(at));
                        globalPax.putAll(g);
                        pax.putAll(g);
                    }
                    case 'L' -> longName = cString(readBody(size, at));
                    case 'K' -> longLink = cString(readBody(size, at));
                    default -> {
                        TarEntry e = TarEntries.build(header, type, name, longLink, pax, size, where(at));
                        bodyLeft = size;
                        padding = (BLOCK - size % BLOCK) % BLOCK;
                        return e;
                    }
                }
            } catch (TarFormatException e) {
                throw new LayerApplyException(layer, TarEntry.display(name), e.getMessage());
            }
        }
    }

    /** The body of the entry {@link #next()} returned last; at most its size, failing if the tar ends early. */
    InputStream body() {
        return new BulkInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (bodyLeft == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, bodyLeft));
                if (n < 0) {
                    throw truncated("body", bodyLeft);
                }
                bodyLeft -= n;
                advance(n);
                return n;
            }
        };
    }

    /** The path of the entry being read, as the tar spells it (for messages). */
    String currentName() {
        return TarEntry.display(current);
    }

    private boolean readHeader() throws IOException {
        int n = in.readNBytes(header, 0, BLOCK);
        advance(n);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            current = "";
            throw truncated("header", BLOCK - n);
        }
        for (byte b : header) {
            if (b != 0) {
                return true;
            }
        }
        drain();
        return false;
    }

    private String headerName(String longName) {
        if (longName != null) {
            return longName;
        }
        String name = field(0, 100);
        boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
            && header[261] == 'r' && header[262] == 0;
        String prefix = ustar ? field(345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private void checkChecksum(long at) throws TarFormatException {
        long stored = number(148, 8, "chksum", at);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : header[i];
            unsigned += b & 0xFF;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw new TarFormatException(where(at) + ": header checksum: expected " + unsigned + ", found " + stored);
        }
    }

    private long number(int off, int len, String field, long at) throws TarFormatException {
        return TarEntries.number(header, off, len, field, where(at));
    }

    private byte[] readBody(long size, long at) throws IOException, TarFormatException {
        if (size < 0 || size > 1 << 24) {
            throw new TarFormatException(where(at) + ": extended header size " + size + " outside [0, 16 MiB]");
        }
        byte[] b = in.readNBytes((int) size);
        advance(b.length);
        if (b.length < size) {
            throw truncated("extended header", size - b.length);
        }
        skip((BLOCK - size % BLOCK) % BLOCK);
        return b;
    }

    private void skip(long n) throws IOException {
        long left = n;
        byte[] buf = new byte[(int) Math.min(65536, Math.max(1, n))];
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw truncated("body", left);
            }
            left -= r;
            advance(r);
        }
    }

    /** After the end-of-archive block: the second zero block and any record padding, counted as progress. */
    private void drain() throws IOException {
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) > 0) {
            advance(n);
        }
    }

    private void advance(long n) {
        offset += n;
        progress.accept(n);
    }

    private LayerApplyException truncated(String what, long missing) {
        return new LayerApplyException(layer, currentName(), "tar truncated in the " + what + " at offset "
            + offset + ": " + missing + " more bytes expected");
    }

    private String where(long at) {
        return "tar header at offset " + at;
    }

    private String field(int off, int len) {
        int end = off;
        while (end < off + len && header[end] != 0) {
            end++;
        }
        return new String(header, off, end - off, StandardCharsets.ISO_8859_1);
    }

    private static String cString(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.ISO_8859_1);
    }
}
