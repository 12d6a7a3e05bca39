package io.obd4j.core.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.TimeZone;

/**
 * Text layout of one audit line, exactly as photon's {@code LOG_AUDIT} prints it (spec §8):
 *
 * <pre>
 * | part        | text                                                                  |
 * |-------------|-----------------------------------------------------------------------|
 * | timestamp   | YYYY/MM/DD HH:MM:SS.uuuuuu, local standard time (UTC - timezone, no DST) |
 * | level       | |AUDIT|                                                               |
 * | thread      | th=&lt;16 uppercase hex digits, zero padded&gt;|                              |
 * | event       | verbatim, no space before the fields                                  |
 * | fields      | [name=value] per field, numbers in decimal                            |
 * | end         | \n                                                                    |
 * </pre>
 *
 * Example: {@code 2024/05/01 10:00:00.123456|AUDIT|th=00007F3A12345678|download[pathname=/https://r/v2/a/b/blobs/
 * sha256:...][offset=1048576][size=262144][latency=5321]}.
 */
public final class AuditLineFormat {
    /** Separator after the timestamp and around the level. */
    public static final String LEVEL = "|AUDIT|th=";
    /** Width of the zero-padded thread id. */
    public static final int THREAD_HEX_DIGITS = 16;

    private AuditLineFormat() {
    }

    /** Seconds east of UTC that photon adds: the raw (standard-time) offset of the default zone, DST ignored. */
    public static int standardOffsetSeconds() {
        return TimeZone.getDefault().getRawOffset() / 1000;
    }

    /**
     * Appends one full line (with the trailing newline).
     *
     * @param names  field names in print order
     * @param values field values (strings printed verbatim, numbers in decimal); same length as {@code names}
     */
    public static void append(StringBuilder sb, long epochMicros, int offsetSeconds, long threadId, String event,
            String[] names, Object[] values) {
        appendTimestamp(sb, epochMicros, offsetSeconds);
        sb.append(LEVEL);
        String hex = Long.toHexString(threadId).toUpperCase(java.util.Locale.ROOT);
        for (int i = hex.length(); i < THREAD_HEX_DIGITS; i++) {
            sb.append('0');
        }
        sb.append(hex).append('|').append(event);
        for (int i = 0; i < names.length; i++) {
            sb.append('[').append(names[i]).append('=').append(values[i]).append(']');
        }
        sb.append('\n');
    }

    static void appendTimestamp(StringBuilder sb, long epochMicros, int offsetSeconds) {
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds + offsetSeconds, 0, ZoneOffset.UTC);
        sb.append(t.getYear()).append('/');
        pad(sb, t.getMonthValue(), 2).append('/');
        pad(sb, t.getDayOfMonth(), 2).append(' ');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2).append('.');
        pad(sb, micros, 6);
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    /** Microseconds since the epoch of {@code instant}. */
    public static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
