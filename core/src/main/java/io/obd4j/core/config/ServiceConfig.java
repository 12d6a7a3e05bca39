package io.obd4j.core.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code serviceConfig}: the HTTP API (live snapshot, and obd4j's device routes). {@code address} is
 * {@code http://<IPv4>:<port>} as in overlaybd, or (obd4j) {@code unix:///path/to.sock}. overlaybd turns any host
 * that is not a dotted IPv4 literal into 0.0.0.0; obd4j reads {@code localhost} as 127.0.0.1 and rejects other
 * names, so the API never listens on all interfaces by accident.
 */
public record ServiceConfig(boolean enable, String address, String host, int port, String unixPath) {
    static ServiceConfig read(ConfigNode n) throws ConfigException {
        boolean enable = n.bool("enable", false);
        String address = n.string("address", "http://127.0.0.1:9862");
        n.finish();
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            throw n.invalid("address", "http://<IPv4>:<port> or unix:///<path>");
        }
        if ("unix".equals(uri.getScheme()) && uri.getPath() != null && uri.getPath().startsWith("/")) {
            return new ServiceConfig(enable, address, "", 0, uri.getPath());
        }
        String host = "localhost".equals(uri.getHost()) ? "127.0.0.1" : uri.getHost();
        if (!"http".equals(uri.getScheme()) || host == null || !Addresses.isIpv4(host) || uri.getPort() > 65535) {
            throw n.invalid("address", "http://<IPv4>:<port> or unix:///<path>");
        }
        return new ServiceConfig(enable, address, host, uri.getPort() < 0 ? 80 : uri.getPort(), null);
    }

    public boolean isUnixSocket() {
        return unixPath != null;
    }
}
