package io.obd4j.core.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** A monotonically increasing integer count (requests, bytes), per label-value tuple. */
public final class Counter extends MetricFamily<Counter.Child> {

    /** One label-value tuple's count. */
    public static final class Child {
        private final LongAdder value = new LongAdder();

        public void inc() {
            value.increment();
        }

        public void add(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("counters only go up: " + n);
            }
            value.add(n);
        }

        public long value() {
            return value.sum();
        }
    }

    Counter(String name, String help, String... labelNames) {
        super(name, help, labelNames, k -> new Child());
    }

    @Override
    public String type() {
        return "counter";
    }

    @Override
    public Map<List<String>, Double> samples() {
        Map<List<String>, Double> out = new LinkedHashMap<>();
        children().forEach((k, c) -> out.put(k, (double) c.value()));
        return out;
    }
}
