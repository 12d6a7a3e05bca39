package io.obd4j.daemon.cli;

import java.util.Locale;

/**
 * Renders one progress line: {@code label [#########.........]  42%  12.0/28.6 MiB  9.5 MiB/s}. Pure function of
 * its inputs (the live updating is {@link Progress}'s job), so it is tested directly.
 */
final class ProgressBar {
    private static final double MIB = 1024.0 * 1024.0;
    private final String label;
    private final int width;

    ProgressBar(String label, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("bar width must be positive: " + width);
        }
        this.label = label;
        this.width = width;
    }

    /**
     * The line for {@code done} of {@code total} bytes after {@code elapsedNanos}. A total of 0 or less means
     * unknown: the bar stays empty and no percentage is shown. {@code done} beyond {@code total} shows as full.
     */
    String render(long done, long total, long elapsedNanos) {
        StringBuilder sb = new StringBuilder(label.length() + width + 48);
        sb.append(label).append(" [");
        int filled = total > 0 ? (int) Math.min(width, (double) done * width / total) : 0;
        sb.append("#".repeat(Math.max(filled, 0))).append(".".repeat(width - Math.max(filled, 0))).append(']');
        if (total > 0) {
            long pct = Math.min(100, done * 100 / total);
            sb.append(String.format(Locale.ROOT, " %3d%%  %.1f/%.1f MiB", pct, done / MIB, total / MIB));
        } else {
            sb.append(String.format(Locale.ROOT, "  %.1f MiB", done / MIB));
        }
        if (elapsedNanos > 0) {
            sb.append(String.format(Locale.ROOT, "  %.1f MiB/s", done / MIB / (elapsedNanos / 1e9)));
        }
        return sb.toString();
    }
}
