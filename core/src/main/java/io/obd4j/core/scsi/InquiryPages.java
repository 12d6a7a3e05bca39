package io.obd4j.core.scsi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The INQUIRY data of one unit, built once (it never changes) in the layouts of {@link InquiryFormat}, so
 * answering INQUIRY allocates nothing.
 */
final class InquiryPages {
    /** The VPD pages listed in page 0x00, ascending. */
    static final int[] SUPPORTED = {0x00, 0x80, 0x83, 0xB0, 0xB1, 0xB2};

    private final byte[] standard;
    private final byte[][] vpd = new byte[256][];

    InquiryPages(LogicalUnit unit) {
        standard = standard(unit.identity);
        vpd[0x00] = supportedPages();
        vpd[0x80] = unitSerial(unit.identity);
        vpd[0x83] = deviceIdentification(unit.identity);
        vpd[0xB0] = blockLimits(unit);
        vpd[0xB1] = blockCharacteristics();
        vpd[0xB2] = provisioning(unit.unmapEnabled);
    }

    byte[] standard() {
        return standard;
    }

    /** The VPD page {@code code}, or null when the unit does not have it. */
    byte[] vpd(int code) {
        return vpd[code & 0xFF];
    }

    private static byte[] standard(DeviceIdentity id) {
        byte[] b = new byte[InquiryFormat.STANDARD_LENGTH];
        b[InquiryFormat.VERSION] = InquiryFormat.VERSION_SPC3;
        b[InquiryFormat.RESPONSE_FORMAT] = InquiryFormat.RESPONSE_FORMAT_2;
        b[InquiryFormat.ADDITIONAL_LENGTH] = InquiryFormat.STANDARD_LENGTH - 5;
        b[InquiryFormat.FLAGS_5] = InquiryFormat.THIRD_PARTY_COPY;
        b[InquiryFormat.FLAGS_7] = InquiryFormat.CMDQUE;
        System.arraycopy(DeviceIdentity.padded(id.vendor(), 8), 0, b, InquiryFormat.VENDOR, 8);
        System.arraycopy(DeviceIdentity.padded(id.product(), 16), 0, b, InquiryFormat.PRODUCT, 16);
        System.arraycopy(DeviceIdentity.padded(id.revision(), 4), 0, b, InquiryFormat.REVISION, 4);
        return b;
    }

    private static byte[] supportedPages() {
        byte[] b = new byte[InquiryFormat.VPD_SUPPORTED_LENGTH];
        b[3] = (byte) SUPPORTED.length;
        for (int i = 0; i < SUPPORTED.length; i++) {
            b[InquiryFormat.VPD_HEADER + i] = (byte) SUPPORTED[i];
        }
        return b;
    }

    private static byte[] unitSerial(DeviceIdentity id) {
        byte[] b = new byte[InquiryFormat.VPD_SERIAL_LENGTH];
        b[InquiryFormat.PAGE_CODE] = (byte) 0x80;
        byte[] serial = id.unitSerial().getBytes(StandardCharsets.US_ASCII);
        b[3] = (byte) (serial.length + 1);
        System.arraycopy(serial, 0, b, InquiryFormat.VPD_HEADER, serial.length);
        return b;
    }

    private static byte[] deviceIdentification(DeviceIdentity id) {
        ByteBuffer b = ByteBuffer.allocate(InquiryFormat.VPD_DEVICE_ID_BUFFER);
        b.put(InquiryFormat.PAGE_CODE, (byte) 0x83);
        b.position(InquiryFormat.VPD_HEADER);
        byte[] serial = id.unitSerial().getBytes(StandardCharsets.US_ASCII);
        b.put((byte) InquiryFormat.CODE_SET_ASCII).put((byte) InquiryFormat.DESIGNATOR_T10_VENDOR).put((byte) 0)
            .put((byte) (8 + serial.length + 1));
        b.put(DeviceIdentity.padded(id.vendor(), 8)).put(serial).put((byte) 0);
        b.put((byte) InquiryFormat.CODE_SET_BINARY).put((byte) InquiryFormat.DESIGNATOR_NAA).put((byte) 0)
            .put((byte) InquiryFormat.NAA_LENGTH);
        b.put(id.naaDesignator());
        if (id.vendorSpecific() != null) {
            byte[] text = id.vendorSpecific().getBytes(StandardCharsets.US_ASCII);
            b.put((byte) InquiryFormat.CODE_SET_ASCII).put((byte) InquiryFormat.DESIGNATOR_VENDOR_SPECIFIC)
                .put((byte) 0).put((byte) (text.length + 1));
            b.put(text).put((byte) 0);
        }
        int used = b.position();
        b.putShort(InquiryFormat.PAGE_LENGTH, (short) (used - InquiryFormat.VPD_HEADER));
        byte[] page = new byte[used];
        b.get(0, page);
        return page;
    }

    private static byte[] blockLimits(LogicalUnit unit) {
        boolean unmap = unit.unmapEnabled;
        long maxUnmapBlocks = unit.maxUnmapBlocks;
        long maxTransferBlocks = unit.maxTransferBlocks;
        ByteBuffer b = ByteBuffer.allocate(InquiryFormat.VPD_B_LENGTH);
        b.put(InquiryFormat.PAGE_CODE, (byte) 0xB0);
        b.putShort(InquiryFormat.PAGE_LENGTH, (short) InquiryFormat.B_PAGE_LENGTH);
        b.put(InquiryFormat.B0_WSNZ, (byte) (unit.writeSameNonZero ? 0x01 : 0x00));
        b.put(InquiryFormat.B0_MAX_CAW, (byte) InquiryFormat.MAX_CAW_BLOCKS);
        // overlaybd never sets max/optimal transfer length, max unmap LBA count, granularity: all 0
        b.putInt(InquiryFormat.B0_MAX_TRANSFER, (int) maxTransferBlocks);
        b.putInt(InquiryFormat.B0_OPTIMAL_TRANSFER, (int) maxTransferBlocks);
        if (unmap) {
            b.putInt(InquiryFormat.B0_MAX_UNMAP_LBA_COUNT, (int) maxUnmapBlocks);
            b.putInt(InquiryFormat.B0_MAX_UNMAP_DESCRIPTORS, InquiryFormat.MAX_UNMAP_DESCRIPTORS);
            b.put(InquiryFormat.B0_UNMAP_GRANULARITY_ALIGNMENT, (byte) InquiryFormat.UGAVALID);
        }
        b.putLong(InquiryFormat.B0_MAX_WRITE_SAME, InquiryFormat.MAX_WRITE_SAME_BLOCKS);
        return b.array();
    }

    private static byte[] blockCharacteristics() {
        byte[] b = new byte[InquiryFormat.VPD_B_LENGTH];
        b[InquiryFormat.PAGE_CODE] = (byte) 0xB1;
        b[3] = InquiryFormat.B_PAGE_LENGTH;
        return b;
    }

    private static byte[] provisioning(boolean unmap) {
        byte[] b = new byte[InquiryFormat.VPD_B_LENGTH];
        b[InquiryFormat.PAGE_CODE] = (byte) 0xB2;
        b[3] = InquiryFormat.B2_PAGE_LENGTH;
        b[InquiryFormat.B2_FLAGS] = (byte) (InquiryFormat.LBPRZ | (unmap ? InquiryFormat.LBPU_LBPWS_LBPWS10 : 0));
        return b;
    }
}
