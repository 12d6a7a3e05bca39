package io.obd4j.core.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/** A value that goes up and down (sessions, progress), per label-value tuple; or one value read on each scrape. */
public final class Gauge extends MetricFamily<Gauge.Child> {

    /** One label-value tuple's value. */
    public static final class Child {
        private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(0));

        public void set(double v) {
            bits.set(Double.doubleToRawLongBits(v));
        }

        public void add(double delta) {
            bits.getAndUpdate(b -> Double.doubleToRawLongBits(Double.longBitsToDouble(b) + delta));
        }

        public void inc() {
            add(1);
        }

        public void dec() {
            add(-1);
        }

        public double value() {
            return Double.longBitsToDouble(bits.get());
        }
    }

    private final DoubleSupplier supplier;

    Gauge(String name, String help, String... labelNames) {
        super(name, help, labelNames, k -> new Child());
        this.supplier = null;
    }

    Gauge(String name, String help, DoubleSupplier supplier) {
        super(name, help, new String[0], k -> new Child());
        this.supplier = supplier;
    }

    @Override
    public String type() {
        return "gauge";
    }

    /** Forgets one label-value tuple (e.g. a removed device). */
    public void remove(String... values) {
        children().remove(List.of(values));
    }

    @Override
    public Map<List<String>, Double> samples() {
        Map<List<String>, Double> out = new LinkedHashMap<>();
        if (supplier != null) {
            out.put(List.of(), supplier.getAsDouble());
        } else {
            children().forEach((k, c) -> out.put(k, c.value()));
        }
        return out;
    }
}
