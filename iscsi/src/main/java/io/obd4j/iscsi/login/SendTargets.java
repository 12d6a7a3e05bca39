package io.obd4j.iscsi.login;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The answer to {@code SendTargets} (RFC 7143 section 13.3, appendix C): for each target visible to the asker a
 * TargetName line followed by a TargetAddress {@code host:port,portal-group-tag} line for this portal.
 */
public final class SendTargets {
    /** The portal group tag of every portal of this target (one group). */
    public static final int PORTAL_GROUP_TAG = 1;

    private SendTargets() {
    }

    /**
     * Builds the answer for {@code value} ("All", a target name, or empty meaning the session's own target),
     * giving {@code portal} as the address.
     */
    public static byte[] answer(String value, TargetDirectory directory, String sessionTarget,
                                InetSocketAddress portal) {
        StringBuilder sb = new StringBuilder();
        String address = address(portal);
        for (TargetDefinition t : directory.all()) {
            boolean wanted = value.equals("All") ? sessionTarget == null || sessionTarget.equals(t.iqn())
                : value.isEmpty() ? t.iqn().equals(sessionTarget) : value.equals(t.iqn());
            if (wanted) {
                sb.append("TargetName=").append(t.iqn()).append('\0');
                sb.append("TargetAddress=").append(address).append(',').append(PORTAL_GROUP_TAG).append('\0');
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String address(InetSocketAddress portal) {
        String host = portal.getAddress().getHostAddress();
        if (portal.getAddress() instanceof Inet6Address) {
            int zone = host.indexOf('%');
            host = "[" + (zone < 0 ? host : host.substring(0, zone)) + "]";
        }
        return host + ":" + portal.getPort();
    }
}
