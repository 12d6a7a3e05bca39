package io.obd4j.core.metrics;

import java.util.List;
import java.util.Map;

/** Prometheus text format 0.0.4 of a {@link Metrics} registry: HELP, TYPE, then one line per child. */
public final class TextExposition {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4";

    private TextExposition() {
    }

    public static void write(Metrics metrics, StringBuilder out) {
        for (MetricFamily<?> f : metrics.families()) {
            out.append("# HELP ").append(f.name()).append(' ').append(escapeHelp(f.help())).append('\n');
            out.append("# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
            for (Map.Entry<List<String>, Double> s : f.samples().entrySet()) {
                out.append(f.name());
                List<String> values = s.getKey();
                if (!values.isEmpty()) {
                    out.append('{');
                    for (int i = 0; i < values.size(); i++) {
                        out.append(i == 0 ? "" : ",").append(f.labelNames().get(i)).append("=\"")
                                .append(escapeLabel(values.get(i))).append('"');
                    }
                    out.append('}');
                }
                out.append(' ').append(number(s.getValue())).append('\n');
            }
        }
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String escapeHelp(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
