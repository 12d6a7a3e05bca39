package io.obd4j.iscsi.login;

/**
 * A completed login: the negotiated parameters, the target (null for a discovery session), the initiator's
 * session id, the TSIH the target gave, and where the connection's sequence numbers continue.
 */
public record LoginOutcome(SessionParameters params, TargetDefinition target, long isid, int tsih, int cid,
                           int nextStatSn, int expCmdSn) {
}
