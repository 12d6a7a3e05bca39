package io.obd4j.iscsi.task;

/**
 * The 8-byte LUN field of iSCSI PDUs (SAM-5 section 4.6): the first level of a peripheral (address method 00b,
 * LUN in byte 1) or flat space (01b, 14-bit LUN in bytes 0..1) address. Other methods map to -1.
 */
public final class LunAddress {
    private LunAddress() {
    }

    public static int decode(long field) {
        int b0 = (int) (field >>> 56) & 0xff;
        int b1 = (int) (field >>> 48) & 0xff;
        if ((field & 0x0000ffffffffffffL) != 0) {
            return -1;
        }
        switch (b0 >>> 6) {
            case 0:
                return b0 == 0 ? b1 : -1;
            case 1:
                return ((b0 & 0x3f) << 8) | b1;
            default:
                return -1;
        }
    }

    public static long encode(int lun) {
        if (lun < 256) {
            return (long) lun << 48;
        }
        return ((long) (0x40 | (lun >>> 8)) << 56) | ((long) (lun & 0xff) << 48);
    }
}
