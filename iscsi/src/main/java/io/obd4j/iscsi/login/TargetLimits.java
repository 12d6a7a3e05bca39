package io.obd4j.iscsi.login;

/**
 * What the target offers in negotiation: its receive limit and the upper bounds it accepts for session-wide keys.
 * The defaults favour few round trips on loopback and LAN: 256 KiB PDUs, 16 MiB bursts, immediate data.
 */
public record TargetLimits(int maxRecvDataSegmentLength, int maxBurstLength, int firstBurstLength,
                           int maxOutstandingR2T, boolean immediateData, boolean initialR2T, int commandWindow) {
    public static final int MIN_SEGMENT = 512;
    public static final int MAX_SEGMENT = 0xffffff;

    public TargetLimits {
        check("MaxRecvDataSegmentLength", maxRecvDataSegmentLength, MIN_SEGMENT, MAX_SEGMENT);
        check("MaxBurstLength", maxBurstLength, MIN_SEGMENT, MAX_SEGMENT);
        check("FirstBurstLength", firstBurstLength, MIN_SEGMENT, maxBurstLength);
        check("MaxOutstandingR2T", maxOutstandingR2T, 1, 65535);
        check("commandWindow", commandWindow, 1, 1 << 16);
    }

    public static TargetLimits defaults() {
        return new TargetLimits(262144, 16 * 1024 * 1024 - 512, 262144, 16, true, false, 128);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": expected " + min + ".." + max + ", found " + value);
        }
    }
}
