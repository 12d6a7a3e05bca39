package io.obd4j.registry;

/** Parses {@code Content-Range: bytes <first>-<last>/<total|*>} (RFC 9110 §14.4). */
final class ContentRange {
    final long first;
    final long last;
    /** -1 when the server sent {@code *}. */
    final long total;

    private ContentRange(long first, long last, long total) {
        this.first = first;
        this.last = last;
        this.total = total;
    }

    /** Returns null when the header is absent or malformed. */
    static ContentRange parse(String h) {
        if (h == null || !h.startsWith("bytes ")) {
            return null;
        }
        int dash = h.indexOf('-', 6);
        int slash = h.indexOf('/', 6);
        if (dash < 0 || slash < dash) {
            return null;
        }
        try {
            long first = Long.parseLong(h.substring(6, dash).trim());
            long last = Long.parseLong(h.substring(dash + 1, slash).trim());
            String t = h.substring(slash + 1).trim();
            long total = "*".equals(t) ? -1 : Long.parseLong(t);
            return first <= last && first >= 0 ? new ContentRange(first, last, total) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
