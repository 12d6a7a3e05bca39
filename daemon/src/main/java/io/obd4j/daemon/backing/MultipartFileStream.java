package io.obd4j.daemon.backing;

import io.obd4j.core.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The content of the first part of a {@code multipart/form-data} body (RFC 7578), read while the body streams: the
 * preamble and part headers are skipped and reading ends at the next {@code CRLF--boundary}. Holds one 64 KiB
 * window, so a part of any size passes through.
 */
final class MultipartFileStream extends BulkInputStream {
    private static final int WINDOW = 1 << 16;
    private static final int MAX_HEADERS = 16 << 10;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf;
    private int start;
    private int end;
    private boolean eof;
    private boolean done;

    private MultipartFileStream(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[WINDOW + delimiter.length];
    }

    /** The boundary of a {@code multipart/form-data; boundary=...} content type, or null for any other type. */
    static String boundary(String contentType) {
        String ct = contentType == null ? "" : contentType;
        if (!ct.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        for (String p : ct.split(";")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = t.substring("boundary=".length());
                return b.length() > 1 && b.startsWith("\"") && b.endsWith("\"") ? b.substring(1, b.length() - 1) : b;
            }
        }
        return null;
    }

    /** Skips to the first part's content. */
    static MultipartFileStream open(InputStream in, String boundary) throws IOException {
        MultipartFileStream m = new MultipartFileStream(in, boundary);
        m.skipHeaders();
        return m;
    }

    private void skipHeaders() throws IOException {
        // The body starts with "--boundary" (no CRLF before the first delimiter): match it as if one were there.
        byte[] first = ("--" + new String(delimiter, 4, delimiter.length - 4, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1);
        int at = find(first, MAX_HEADERS);
        start = at + first.length;
        int headersEnd = find("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), MAX_HEADERS);
        start = headersEnd + 4;
    }

    /** Index in {@code buf} of {@code pattern} at or after {@code start}, reading up to {@code limit} bytes. */
    private int find(byte[] pattern, int limit) throws IOException {
        while (true) {
            int i = indexOf(pattern, start, end);
            if (i >= 0) {
                return i;
            }
            if (eof || end - start >= limit) {
                throw new IOException("multipart body: expected " + new String(pattern, StandardCharsets.ISO_8859_1)
                        .replace("\r\n", "\\r\\n") + " within the first " + limit + " bytes of the part");
            }
            fill();
        }
    }

    private int indexOf(byte[] pattern, int from, int to) {
        outer:
        for (int i = from; i <= to - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buf[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        while (!done) {
            int i = indexOf(delimiter, start, end);
            int safe = i >= 0 ? i - start : end - start - (delimiter.length - 1);
            if (safe > 0) {
                int n = Math.min(len, safe);
                System.arraycopy(buf, start, dst, off, n);
                start += n;
                return n;
            }
            if (i >= 0) {
                done = true;
            } else if (eof) {
                throw new IOException("multipart body ended without the closing boundary");
            } else {
                fill();
            }
        }
        return -1;
    }
}
