package io.obd4j.core.scsi;

import java.nio.charset.StandardCharsets;

/**
 * What INQUIRY reports about a logical unit. Defaults are overlaybd-tcmu's (LIO): vendor {@code "LIO-ORG"},
 * product {@code "TCMU device"}, revision {@code "0002"} (spec tcmu-and-snapshotter.md §4.6). The unit serial is
 * LIO's {@code wwn/vpd_unit_serial}; the NAA designator of VPD page 0x83 is derived from it as LIO does;
 * {@code vendorSpecific} (overlaybd: the handler cfgstring) is the third 0x83 descriptor, omitted when null.
 *
 * @param vendor         T10 vendor identification, ASCII, at most 8 characters (space padded on the wire)
 * @param product        product identification, ASCII, at most 16 characters
 * @param revision       product revision level, ASCII, at most 4 characters
 * @param unitSerial     unit serial number (VPD 0x80), ASCII, at most 200 characters
 * @param vendorSpecific vendor-specific designator text (VPD 0x83), ASCII, at most 254 characters, or null
 */
public record DeviceIdentity(String vendor, String product, String revision, String unitSerial,
                             String vendorSpecific) {
    public static final String LIO_VENDOR = "LIO-ORG";
    public static final String TCMU_PRODUCT = "TCMU device";
    public static final String TCMU_REVISION = "0002";

    public DeviceIdentity {
        checkAscii("vendor", vendor, 8);
        checkAscii("product", product, 16);
        checkAscii("revision", revision, 4);
        checkAscii("unitSerial", unitSerial, 200);
        if (vendorSpecific != null) {
            checkAscii("vendorSpecific", vendorSpecific, 254);
        }
    }

    /** overlaybd-tcmu's identity: LIO vendor/product/revision, the given serial and handler cfgstring. */
    public static DeviceIdentity overlaybd(String unitSerial, String cfgString) {
        return new DeviceIdentity(LIO_VENDOR, TCMU_PRODUCT, TCMU_REVISION, unitSerial, cfgString);
    }

    /**
     * The 16-byte NAA IEEE Registered Extended designator LIO derives from the serial: {@code 0x6001405}
     * (NAA 6, OUI 00-14-05) then the serial's hex digits (others skipped), one per nibble, until 16 bytes.
     */
    public byte[] naaDesignator() {
        byte[] naa = new byte[16];
        naa[0] = 0x60;
        naa[1] = 0x01;
        naa[2] = 0x40;
        naa[3] = 0x50;
        int nibble = 7;
        for (int i = 0; i < unitSerial.length() && nibble < 32; i++) {
            int digit = Character.digit(unitSerial.charAt(i), 16);
            if (digit < 0) {
                continue;
            }
            int idx = nibble / 2;
            naa[idx] = (byte) (nibble % 2 == 0 ? (naa[idx] & 0x0F) | digit << 4 : (naa[idx] & 0xF0) | digit);
            nibble++;
        }
        return naa;
    }

    /** {@code s} encoded as ASCII, space padded (or cut) to {@code width} bytes. */
    static byte[] padded(String s, int width) {
        byte[] out = new byte[width];
        java.util.Arrays.fill(out, (byte) ' ');
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, out, 0, Math.min(width, b.length));
        return out;
    }

    private static void checkAscii(String field, String value, int max) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": expected ASCII text, found null");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(field + ": expected at most " + max + " characters, found "
                + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException(field + ": expected printable ASCII, found 0x"
                    + Integer.toHexString(c) + " at index " + i);
            }
        }
    }
}
