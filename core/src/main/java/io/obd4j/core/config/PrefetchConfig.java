package io.obd4j.core.config;

/**
 * {@code prefetchConfig}: {@code concurrency} is overlaybd's number of trace-replay workers (default 16). obd4j adds
 * {@code enable} (default true; false ignores {@code recordTracePath} and acceleration-layer traces) and
 * {@code recordSeconds} (default 0 = overlaybd's behaviour: record until {@code <trace>.lock} is removed or the
 * device closes; N &gt; 0 also stops recording N seconds after the device opened). overlaybd ignores both keys.
 */
public record PrefetchConfig(int concurrency, boolean enable, int recordSeconds) {
    /** overlaybd's defaults. */
    public static final PrefetchConfig DEFAULT = new PrefetchConfig(16, true, 0);

    static PrefetchConfig read(ConfigNode n) throws ConfigException {
        PrefetchConfig c = new PrefetchConfig((int) n.integer("concurrency", 16, 1, 1024), n.bool("enable", true),
                (int) n.integer("recordSeconds", 0, 0, 86_400));
        n.finish();
        return c;
    }
}
