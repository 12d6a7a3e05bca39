package io.obd4j.core.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A named metric with HELP text, TYPE and label names; its children (one per label-value tuple) hold the values.
 *
 * @param <C> the child type
 */
public abstract class MetricFamily<C> {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, C> children = new ConcurrentHashMap<>();
    private final Function<List<String>, C> factory;

    MetricFamily(String name, String help, String[] labelNames, Function<List<String>, C> factory) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name: " + name);
        }
        for (String l : labelNames) {
            if (!LABEL.matcher(l).matches() || l.startsWith("__")) {
                throw new IllegalArgumentException("invalid label name for " + name + ": " + l);
            }
        }
        this.name = name;
        this.help = help;
        this.labelNames = List.of(labelNames);
        this.factory = factory;
    }

    public String name() {
        return name;
    }

    public String help() {
        return help;
    }

    /** {@code counter} or {@code gauge}. */
    public abstract String type();

    public List<String> labelNames() {
        return labelNames;
    }

    /** The child for these label values (created on first use). Keep the child on hot paths. */
    public C labels(String... values) {
        if (values.length != labelNames.size()) {
            throw new IllegalArgumentException(name + " has labels " + labelNames + ", got " + values.length
                    + " values");
        }
        return children.computeIfAbsent(List.of(values), factory);
    }

    /** Label values → value of every child, for the exposition. */
    public abstract Map<List<String>, Double> samples();

    Map<List<String>, C> children() {
        return children;
    }
}
