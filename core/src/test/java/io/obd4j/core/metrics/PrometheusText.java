package io.obd4j.core.metrics;

import org.hawkular.agent.prometheus.text.TextPrometheusMetricsProcessor;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.walkers.CollectorPrometheusMetricsWalker;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper: parses exposition text with Hawkular's Prometheus text parser (a real third-party parser). That parser
 * skips lines it cannot read, so {@link #values} also requires one parsed sample per sample line of the text.
 */
public final class PrometheusText {
    private PrometheusText() {
    }

    public static List<MetricFamily> parse(String text) {
        CollectorPrometheusMetricsWalker walker = new CollectorPrometheusMetricsWalker();
        new TextPrometheusMetricsProcessor(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), walker)
                .walk();
        return walker.getAllMetricFamilies();
    }

    /** "name{k=v,...}" → value for every counter/gauge sample. */
    public static Map<String, Double> values(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (MetricFamily f : parse(text)) {
            for (Metric m : f.getMetrics()) {
                double v = m instanceof Gauge ? ((Gauge) m).getValue()
                        : ((org.hawkular.agent.prometheus.types.Counter) m).getValue();
                out.put(m.getName() + m.getLabels(), v);
            }
        }
        long lines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        if (lines != out.size()) {
            throw new AssertionError("parser read " + out.size() + " of " + lines + " sample lines: " + out);
        }
        return out;
    }
}
