package io.obd4j.core.scsi;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An I_T nexus (SAM-5): the initiator port and the target port a command arrived through. Reservations (RESERVE(6),
 * PERSISTENT RESERVE OUT) belong to a nexus, and conflicts are decided by comparing nexuses. The front end names the
 * ports; for iSCSI the initiator port is {@code <InitiatorName>,i,0x<ISID>} and the target port
 * {@code <TargetName>,t,0x<TPGT>} (RFC 7143 §4.4.2). Immutable; equal when both names are equal.
 */
public final class ItNexus {
    /** The one nexus of a front end that has no notion of initiators (the TCMU kernel path, tests, tools). */
    public static final ItNexus LOCAL = new ItNexus("local", "local");

    private static final int TRANSPORT_ID_ISCSI = 0x05;
    private static final int TRANSPORT_ID_ISCSI_PORT = 0x40 | TRANSPORT_ID_ISCSI;
    private static final int TRANSPORT_ID_HEADER = 4;
    private static final int TRANSPORT_ID_MIN = 20;

    private final String initiatorPort;
    private final String targetPort;

    public ItNexus(String initiatorPort, String targetPort) {
        this.initiatorPort = Objects.requireNonNull(initiatorPort, "initiatorPort");
        this.targetPort = Objects.requireNonNull(targetPort, "targetPort");
    }

    /** The iSCSI nexus of a session: initiator name + ISID, target name + target portal group tag. */
    public static ItNexus iscsi(String initiatorName, long isid, String targetName, int portalGroupTag) {
        return new ItNexus(String.format("%s,i,0x%012x", initiatorName, isid & 0xFFFF_FFFF_FFFFL),
            String.format("%s,t,0x%04x", targetName, portalGroupTag & 0xFFFF));
    }

    public String initiatorPort() {
        return initiatorPort;
    }

    public String targetPort() {
        return targetPort;
    }

    /**
     * The initiator port as an iSCSI TransportID (SPC-4 §7.6.4.6, FORMAT CODE 01b "initiator port"): byte 0
     * 0x45, bytes 2..3 ADDITIONAL LENGTH, then the NUL-terminated name padded to a multiple of 4, at least 20
     * bytes in all. READ FULL STATUS reports it.
     */
    byte[] transportId() {
        byte[] name = initiatorPort.getBytes(StandardCharsets.UTF_8);
        int padded = Math.max(TRANSPORT_ID_MIN, (TRANSPORT_ID_HEADER + name.length + 1 + 3) & ~3);
        byte[] id = new byte[padded];
        id[0] = (byte) TRANSPORT_ID_ISCSI_PORT;
        id[2] = (byte) ((padded - TRANSPORT_ID_HEADER) >>> 8);
        id[3] = (byte) (padded - TRANSPORT_ID_HEADER);
        System.arraycopy(name, 0, id, TRANSPORT_ID_HEADER, name.length);
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItNexus && initiatorPort.equals(((ItNexus) o).initiatorPort)
            && targetPort.equals(((ItNexus) o).targetPort);
    }

    @Override
    public int hashCode() {
        return initiatorPort.hashCode() * 31 + targetPort.hashCode();
    }

    @Override
    public String toString() {
        return initiatorPort + " -> " + targetPort;
    }
}
