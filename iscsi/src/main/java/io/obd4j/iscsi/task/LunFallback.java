package io.obd4j.iscsi.task;

import io.netty.buffer.ByteBuf;
import io.obd4j.iscsi.codec.TargetPdus;

/**
 * Answers for a LUN the target does not have (SPC-4 section 6.6.2): INQUIRY returns peripheral qualifier 011b /
 * device type 1Fh ("no logical unit here"); REPORT LUNS is sent to any existing LUN; everything else fails with
 * LOGICAL UNIT NOT SUPPORTED.
 */
final class LunFallback {
    static final byte INQUIRY = 0x12;
    static final byte REPORT_LUNS = (byte) 0xa0;
    private static final int STANDARD_INQUIRY_LENGTH = 36;

    private LunFallback() {
    }

    static void inquiry(PduSink sink, ScsiTask task) {
        byte[] cdb = task.command.cdb();
        int allocation = ((cdb[3] & 0xff) << 8) | (cdb[4] & 0xff);
        int edtl = task.command.expectedDataTransferLength();
        int n = Math.min(STANDARD_INQUIRY_LENGTH, Math.min(allocation, edtl));
        ByteBuf data = sink.alloc().buffer(n);
        byte[] inquiry = new byte[STANDARD_INQUIRY_LENGTH];
        inquiry[0] = 0x7f;
        inquiry[2] = 0x06;
        inquiry[3] = 0x02;
        inquiry[4] = STANDARD_INQUIRY_LENGTH - 5;
        data.writeBytes(inquiry, 0, n);
        int flags = TargetPdus.FLAG_STATUS | 0x80 | (edtl > n ? TargetPdus.FLAG_UNDERFLOW : 0);
        sink.send(TargetPdus.dataIn(sink.alloc(), flags, 0, task.command.lun(), task.command.itt(), 0, 0, edtl - n,
            data));
    }
}
