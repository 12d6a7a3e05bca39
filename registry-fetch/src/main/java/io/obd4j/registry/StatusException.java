package io.obd4j.registry;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Inside one attempt: an answer that ends the attempt, retryable or not. Never leaves the package. */
final class StatusException extends IOException {
    private static final long serialVersionUID = 1L;

    final int status;
    final boolean retryable;
    final long retryAfterNanos;

    StatusException(String message, int status, boolean retryable, long retryAfterNanos) {
        super(message);
        this.status = status;
        this.retryable = retryable;
        this.retryAfterNanos = retryAfterNanos;
    }

    /** Classifies an unexpected status: 5xx, 408 and 429 are worth retrying, other codes are final. */
    static StatusException of(Reply r, String what) {
        int s = r.status;
        boolean retry = s >= 500 || s == 408 || s == 429;
        long after = retryAfterNanos(r.header("Retry-After"), System.currentTimeMillis());
        return new StatusException(what + ": unexpected HTTP " + s, s, retry, after);
    }

    /**
     * A {@code Retry-After} value (RFC 9110 §10.2.3: delay seconds, or an HTTP date) as nanoseconds from
     * {@code nowMillis}; -1 when absent or unreadable (then the backoff alone decides), 0 for a date in the past.
     */
    static long retryAfterNanos(String value, long nowMillis) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        String v = value.trim();
        try {
            return Math.min(Long.parseLong(v), Long.MAX_VALUE / 1_000_000_000L) * 1_000_000_000L;
        } catch (NumberFormatException e) {
            try {
                long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Math.max(0, at - nowMillis) * 1_000_000L;
            } catch (DateTimeParseException e2) {
                return -1;
            }
        }
    }
}
