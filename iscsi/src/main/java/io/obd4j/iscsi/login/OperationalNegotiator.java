package io.obd4j.iscsi.login;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Answers operational keys (RFC 7143 section 13) with the RFC result functions: Boolean OR (InitialR2T,
 * DataPDUInOrder, DataSequenceInOrder), Boolean AND (ImmediateData), numerical min (MaxConnections, MaxBurstLength,
 * FirstBurstLength, MaxOutstandingR2T, DefaultTime2Retain, ErrorRecoveryLevel) and max (DefaultTime2Wait), lists
 * (HeaderDigest, DataDigest), declarations (MaxRecvDataSegmentLength, InitiatorAlias). Out-of-range or malformed
 * values are answered {@code Reject} and the default kept; unknown keys {@code NotUnderstood}; session keys of a
 * Discovery session {@code Irrelevant}.
 */
final class OperationalNegotiator {
    private static final String YES = "Yes";
    private static final String NO = "No";

    private final TargetLimits limits;
    private final SessionParameters params;

    OperationalNegotiator(TargetLimits limits, SessionParameters params) {
        this.limits = limits;
        this.params = params;
    }

    /** Negotiates every key of {@code request} that is not a login-identity or security key. */
    void negotiate(TextParameters request, TextParameters response) {
        for (Map.Entry<String, String> e : request.asMap().entrySet()) {
            String answer = answer(e.getKey(), e.getValue());
            if (answer != null) {
                response.put(e.getKey(), answer);
            }
        }
    }

    /** Makes the result consistent once negotiation is over (FirstBurstLength never above MaxBurstLength). */
    void finish() {
        params.firstBurstLength = Math.min(params.firstBurstLength, params.maxBurstLength);
    }

    private String answer(String key, String value) {
        switch (key) {
            case "InitiatorName": case "TargetName": case "SessionType": case "AuthMethod":
            case "CHAP_A": case "CHAP_I": case "CHAP_C": case "CHAP_N": case "CHAP_R":
                return null;
            case "InitiatorAlias":
                params.initiatorAlias = value;
                return null;
            case "HeaderDigest":
                return digest(value, true);
            case "DataDigest":
                return digest(value, false);
            case "MaxRecvDataSegmentLength":
                return declareInitiatorLimit(value);
            case "MaxConnections":
                return minimum(value, 1, 65535, 1, v -> params.maxConnections = v, true);
            case "InitialR2T":
                return bool(value, true, limits.initialR2T(), v -> params.initialR2T = v);
            case "ImmediateData":
                return bool(value, false, limits.immediateData(), v -> params.immediateData = v);
            case "MaxBurstLength":
                return minimum(value, 512, 0xffffff, limits.maxBurstLength(), v -> params.maxBurstLength = v, true);
            case "FirstBurstLength":
                return minimum(value, 512, 0xffffff, limits.firstBurstLength(), v -> params.firstBurstLength = v,
                    true);
            case "MaxOutstandingR2T":
                return minimum(value, 1, 65535, limits.maxOutstandingR2T(), v -> params.maxOutstandingR2T = v, true);
            case "DefaultTime2Wait":
                return maximum(value, 0, 3600, 2, v -> params.defaultTime2Wait = v);
            case "DefaultTime2Retain":
                return minimum(value, 0, 3600, 0, v -> params.defaultTime2Retain = v, false);
            case "ErrorRecoveryLevel":
                return minimum(value, 0, 2, 0, v -> params.errorRecoveryLevel = v, false);
            case "DataPDUInOrder":
                return bool(value, true, true, v -> params.dataPduInOrder = v);
            case "DataSequenceInOrder":
                return bool(value, true, true, v -> params.dataSequenceInOrder = v);
            case "IFMarker": case "OFMarker":
                return isBool(value) ? NO : "Reject";
            case "IFMarkInt": case "OFMarkInt":
                return "Irrelevant";
            case "iSCSIProtocolLevel":
                return minimum(value, 0, 31, 1, v -> { }, false);
            default:
                return "NotUnderstood";
        }
    }

    private String digest(String offered, boolean header) {
        for (String v : offered.split(",")) {
            String choice = v.trim();
            if (choice.equals("None") || choice.equals("CRC32C")) {
                boolean on = choice.equals("CRC32C");
                if (header) {
                    params.headerDigest = on;
                } else {
                    params.dataDigest = on;
                }
                return choice;
            }
        }
        return "Reject";
    }

    private String declareInitiatorLimit(String value) {
        Integer v = number(value, TargetLimits.MIN_SEGMENT, TargetLimits.MAX_SEGMENT);
        if (v != null) {
            params.initiatorMaxRecvDataSegmentLength = v;
        }
        return v == null ? "Reject" : null;
    }

    private String bool(String value, boolean orFunction, boolean ours, Consumer<Boolean> set) {
        if (!isBool(value)) {
            return "Reject";
        }
        if (params.discovery) {
            return "Irrelevant";
        }
        boolean theirs = value.equals(YES);
        boolean result = orFunction ? theirs || ours : theirs && ours;
        set.accept(result);
        return result ? YES : NO;
    }

    private String minimum(String value, int min, int max, int ours, IntConsumer set,
                           boolean sessionKey) {
        Integer v = number(value, min, max);
        if (v == null) {
            return "Reject";
        }
        if (sessionKey && params.discovery) {
            return "Irrelevant";
        }
        int result = Math.min(v, ours);
        set.accept(result);
        return Integer.toString(result);
    }

    private String maximum(String value, int min, int max, int ours, IntConsumer set) {
        Integer v = number(value, min, max);
        if (v == null) {
            return "Reject";
        }
        int result = Math.max(v, ours);
        set.accept(result);
        return Integer.toString(result);
    }

    private static boolean isBool(String value) {
        return value.equals(YES) || value.equals(NO);
    }

    private static Integer number(String value, int min, int max) {
        try {
            long v = value.startsWith("0x") ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
            return v < min || v > max ? null : (int) v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
