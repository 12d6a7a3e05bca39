package io.obd4j.iscsi.login;

/**
 * Operational parameters of a session and its connection (RFC 7143 section 13), starting at the RFC defaults and
 * updated by negotiation. Plain mutable holder: written during login, then only read.
 */
public final class SessionParameters {
    public boolean headerDigest;
    public boolean dataDigest;
    public int maxConnections = 1;
    public boolean initialR2T = true;
    public boolean immediateData = true;
    /** What the initiator accepts per PDU (declared by the initiator). */
    public int initiatorMaxRecvDataSegmentLength = 8192;
    /** What the target accepts per PDU (declared by the target). */
    public int targetMaxRecvDataSegmentLength = 8192;
    public int maxBurstLength = 262144;
    public int firstBurstLength = 65536;
    public int defaultTime2Wait = 2;
    public int defaultTime2Retain = 20;
    public int maxOutstandingR2T = 1;
    public boolean dataPduInOrder = true;
    public boolean dataSequenceInOrder = true;
    public int errorRecoveryLevel;
    public boolean discovery;
    public String initiatorName;
    public String initiatorAlias;
    public String targetName;

    @Override
    public String toString() {
        return "HeaderDigest=" + (headerDigest ? "CRC32C" : "None") + " DataDigest=" + (dataDigest ? "CRC32C" : "None")
            + " InitialR2T=" + initialR2T + " ImmediateData=" + immediateData
            + " MaxRecvDataSegmentLength(I/T)=" + initiatorMaxRecvDataSegmentLength + "/"
            + targetMaxRecvDataSegmentLength + " MaxBurstLength=" + maxBurstLength
            + " FirstBurstLength=" + firstBurstLength + " MaxOutstandingR2T=" + maxOutstandingR2T;
    }
}
