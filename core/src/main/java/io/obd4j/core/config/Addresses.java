package io.obd4j.core.config;

import java.util.regex.Pattern;

/** Checks of the listen addresses in the configs: dotted IPv4 literals, as photon's {@code inet_aton} reads them. */
final class Addresses {
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private Addresses() {
    }

    static boolean isIpv4(String s) {
        return IPV4.matcher(s).matches();
    }

    static String ipv4(ConfigNode n, String key, String dflt) throws ConfigException {
        String s = n.string(key, dflt);
        if (!isIpv4(s)) {
            throw n.invalid(key, "a dotted IPv4 address");
        }
        return s;
    }
}
