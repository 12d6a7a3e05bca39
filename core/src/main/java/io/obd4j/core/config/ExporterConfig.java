package io.obd4j.core.config;

/**
 * {@code exporterConfig}: the Prometheus endpoint. overlaybd binds all interfaces; obd4j adds {@code address}
 * (default {@code 0.0.0.0}, as overlaybd). {@code updateInterval} (µs) is read but, as in overlaybd, unused.
 * Port 0 asks the kernel for a free port.
 */
public record ExporterConfig(boolean enable, String uriPrefix, int port, long updateInterval, String address) {
    static ExporterConfig read(ConfigNode n) throws ConfigException {
        boolean enable = n.bool("enable", false);
        String prefix = n.string("uriPrefix", "/metrics");
        if (!prefix.startsWith("/")) {
            throw n.invalid("uriPrefix", "a path starting with /");
        }
        ExporterConfig c = new ExporterConfig(enable, prefix, (int) n.integer("port", 9863, 0, 65535),
                n.uint64("updateInterval", 60_000_000L), Addresses.ipv4(n, "address", "0.0.0.0"));
        n.finish();
        return c;
    }
}
