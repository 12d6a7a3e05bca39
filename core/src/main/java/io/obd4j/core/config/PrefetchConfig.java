package io.obd4j.core.config;

/** {@code prefetchConfig}: number of trace-replay workers. */
public record PrefetchConfig(int concurrency) {
    static PrefetchConfig read(ConfigNode n) throws ConfigException {
        PrefetchConfig c = new PrefetchConfig((int) n.integer("concurrency", 16, 1, 1024));
        n.finish();
        return c;
    }
}
