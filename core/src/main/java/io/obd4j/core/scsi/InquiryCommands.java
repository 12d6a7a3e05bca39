package io.obd4j.core.scsi;

import java.nio.ByteBuffer;

/**
 * INQUIRY (SPC-4 §6.6): standard data when EVPD=0 (PAGE CODE must then be 0), else the VPD page; unknown pages
 * and the obsolete CMDDT bit are INVALID FIELD IN CDB. Data is cut to the ALLOCATION LENGTH (bytes 3..4).
 */
final class InquiryCommands implements DataInHandler {
    private static final int EVPD = 0x01;
    private static final int CMDDT = 0x02;

    private final InquiryPages pages;

    InquiryCommands(LogicalUnit unit) {
        this.pages = new InquiryPages(unit);
    }

    @Override
    public long execute(Cdb cdb, ByteBuffer dataOut, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        int flags = cdb.flags();
        int pageCode = cdb.u8(2);
        int allocation = cdb.u16(3);
        if ((flags & CMDDT) != 0) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 1));
        }
        byte[] data;
        if ((flags & EVPD) == 0) {
            if (pageCode != 0) {
                throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(2, -1));
            }
            data = pages.standard();
        } else {
            data = pages.vpd(pageCode);
            if (data == null) {
                throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(2, -1),
                    "VPD page 0x" + Integer.toHexString(pageCode));
            }
        }
        return DataIn.copy(data, data.length, allocation, dataIn, rsp);
    }
}
