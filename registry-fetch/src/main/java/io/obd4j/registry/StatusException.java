package io.obd4j.registry;

import java.io.IOException;

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
        long after = -1;
        String ra = r.header("Retry-After");
        if (ra != null) {
            try {
                after = Math.max(0, Long.parseLong(ra.trim())) * 1_000_000_000L;
            } catch (NumberFormatException e) {
                after = -1;
            }
        }
        return new StatusException(what + ": unexpected HTTP " + s, s, retry, after);
    }
}
