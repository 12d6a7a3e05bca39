package io.obd4j.iscsi.session;

/** RFC 1982 serial number arithmetic with SERIAL_BITS = 32, as RFC 7143 section 4.2.2.1 requires for CmdSN. */
public final class SerialNumber {
    private SerialNumber() {
    }

    /** {@code a < b} in serial arithmetic (undefined when they are exactly 2^31 apart: false). */
    public static boolean lessThan(int a, int b) {
        return a != b && (b - a) > 0;
    }

    public static boolean lessOrEqual(int a, int b) {
        return a == b || lessThan(a, b);
    }

    /** {@code low <= x <= high} in serial arithmetic. */
    public static boolean inRange(int x, int low, int high) {
        return lessOrEqual(low, x) && lessOrEqual(x, high);
    }
}
