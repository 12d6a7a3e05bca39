package io.obd4j.registry;

import java.io.EOFException;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status line and header fields of an HTTP/1.1 response (RFC 9112 §4, §5), read from a {@link Wire} into a
 * bounded buffer; the bytes read past the blank line are the start of the body and stay in that buffer.
 * Informational (1xx) answers are skipped.
 */
final class ResponseHead {
    /** Longest head accepted. */
    static final int MAX_BYTES = 32 * 1024;

    final int status;
    final HttpHeaders headers;

    private ResponseHead(int status, HttpHeaders headers) {
        this.status = status;
        this.headers = headers;
    }

    /**
     * Reads one final response head; on return {@code buf} is in read mode and holds the body bytes that came with
     * it.
     */
    static ResponseHead read(Wire wire, ByteBuffer buf) throws IOException {
        buf.clear();
        while (true) {
            int end = headEnd(buf, wire);
            byte[] head = new byte[end];
            buf.flip();
            buf.get(head);
            buf.compact();
            ResponseHead h = parse(new String(head, StandardCharsets.ISO_8859_1), wire.peer());
            if (h.status / 100 != 1) {
                buf.flip();
                return h;
            }
        }
    }

    /** Reads until {@code buf} (write mode) holds a CRLF CRLF; returns the length of the head including it. */
    private static int headEnd(ByteBuffer buf, Wire wire) throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = Math.max(0, scanned - 3); i + 3 < buf.position(); i++) {
                if (buf.get(i) == '\r' && buf.get(i + 1) == '\n' && buf.get(i + 2) == '\r' && buf.get(i + 3) == '\n') {
                    return i + 4;
                }
            }
            scanned = buf.position();
            if (!buf.hasRemaining()) {
                throw new IOException(wire.peer() + ": response head longer than " + MAX_BYTES + " bytes");
            }
            if (wire.read(buf) < 0) {
                throw new EOFException(wire.peer() + ": connection closed after " + buf.position()
                        + " bytes of the response head");
            }
        }
    }

    static ResponseHead parse(String head, String peer) throws IOException {
        String[] lines = head.split("\r\n");
        String status = lines[0];
        if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' ') {
            throw new IOException(peer + ": expected an HTTP/1.x status line, found '" + printable(status) + "'");
        }
        int code;
        try {
            code = Integer.parseInt(status.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException(peer + ": bad status code in '" + printable(status) + "'");
        }
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            int c = l.indexOf(':');
            if (c <= 0) {
                if (l.isEmpty()) {
                    continue;
                }
                throw new IOException(peer + ": header line " + i + " has no ':' ('" + printable(l) + "')");
            }
            fields.computeIfAbsent(l.substring(0, c).trim(), k -> new ArrayList<>()).add(l.substring(c + 1).trim());
        }
        return new ResponseHead(code, HttpHeaders.of(fields, (k, v) -> true));
    }

    /** The declared body length, -1 when none is declared; a malformed or conflicting one is an error. */
    long contentLength(String peer) throws IOException {
        List<String> all = headers.allValues("Content-Length");
        if (all.isEmpty()) {
            return -1;
        }
        long n = -2;
        for (String v : all) {
            for (String part : v.split(",")) {
                long p;
                try {
                    p = Long.parseLong(part.trim());
                } catch (NumberFormatException e) {
                    p = -1;
                }
                if (p < 0 || n != -2 && n != p) {
                    throw new IOException(peer + ": bad Content-Length '" + v + "'");
                }
                n = p;
            }
        }
        return n;
    }

    boolean chunked() {
        return headers.allValues("Transfer-Encoding").stream()
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"));
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
