package io.obd4j.core.config;

/** {@code p2pConfig}: the P2P accelerator proxy in front of the registry. */
public record P2pConfig(boolean enable, String address) {
    static P2pConfig read(ConfigNode n) throws ConfigException {
        P2pConfig c = new P2pConfig(n.bool("enable", false), n.string("address", "http://localhost:9731/accelerator"));
        n.finish();
        return c;
    }
}
