package io.obd4j.core.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/** A registry of counters and gauges, exposed in registration order. Names are unique. */
public final class Metrics {
    private final Map<String, MetricFamily<?>> families = new LinkedHashMap<>();

    public Counter counter(String name, String help, String... labelNames) {
        return register(new Counter(name, help, labelNames));
    }

    public Gauge gauge(String name, String help, String... labelNames) {
        return register(new Gauge(name, help, labelNames));
    }

    /** A gauge without labels whose value is read from {@code supplier} on every scrape. */
    public Gauge gauge(String name, String help, DoubleSupplier supplier) {
        return register(new Gauge(name, help, supplier));
    }

    public synchronized List<MetricFamily<?>> families() {
        return new ArrayList<>(families.values());
    }

    private synchronized <F extends MetricFamily<?>> F register(F family) {
        if (families.putIfAbsent(family.name(), family) != null) {
            throw new IllegalArgumentException("metric already registered: " + family.name());
        }
        return family;
    }
}
