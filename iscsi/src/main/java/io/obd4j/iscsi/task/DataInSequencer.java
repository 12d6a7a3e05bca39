package io.obd4j.iscsi.task;

import io.netty.buffer.ByteBuf;
import io.obd4j.core.scsi.ScsiResponse;
import io.obd4j.iscsi.codec.TargetPdus;
import java.nio.ByteBuffer;

/**
 * Sends a finished task's result (RFC 7143 sections 11.4, 11.7): read data as Data-In PDUs of at most the
 * initiator's MaxRecvDataSegmentLength, F at the end of every MaxBurstLength sequence, and the status collapsed into
 * the last Data-In (S bit) when it is GOOD; otherwise (or without data) a SCSI Response, with sense data for CHECK
 * CONDITION. Data-In segments are slices of the task's buffer: no copy.
 */
final class DataInSequencer {
    private static final int RESPONSE_COMPLETED = 0x00;

    private DataInSequencer() {
    }

    static void respond(PduSink sink, ScsiTask task, ScsiResponse rsp, int maxSegment, int maxBurst) {
        int length = task.dataIn == null ? 0 : Math.min(rsp.dataInLength(), task.dataIn.capacity());
        int residualFlags = rsp.isOverflow() ? TargetPdus.FLAG_OVERFLOW
            : rsp.isUnderflow() ? TargetPdus.FLAG_UNDERFLOW : 0;
        int residual = (int) rsp.residualCount();
        boolean collapse = rsp.isGood() && length > 0;
        int dataSn = 0;
        int burst = 0;
        for (int offset = 0; offset < length; ) {
            int n = Math.min(maxSegment, Math.min(length - offset, maxBurst - burst));
            boolean last = offset + n == length;
            burst += n;
            boolean endOfSequence = last || burst == maxBurst;
            int flags = endOfSequence ? 0x80 : 0;
            if (last && collapse) {
                flags |= TargetPdus.FLAG_STATUS | residualFlags;
            }
            ByteBuf slice = task.dataIn.retainedSlice(offset, n);
            sink.send(TargetPdus.dataIn(sink.alloc(), flags, rsp.status().code(), task.command.lun(),
                task.command.itt(), dataSn++, offset, residual, slice));
            if (endOfSequence) {
                burst = 0;
            }
            offset += n;
        }
        if (!collapse) {
            int expDataSn = task.r2t != null ? task.r2t.r2tCount() : dataSn;
            sink.send(TargetPdus.scsiResponse(sink.alloc(), task.command.itt(), RESPONSE_COMPLETED,
                rsp.status().code(), residualFlags, residual, expDataSn, sense(sink, rsp)));
        }
    }

    /** Status without data, e.g. TASK SET FULL or CHECK CONDITION decided by the iSCSI layer. */
    static void status(PduSink sink, ScsiTask task, int status, byte[] sense) {
        ByteBuf data = null;
        if (sense != null) {
            data = sink.alloc().buffer(2 + sense.length);
            data.writeShort(sense.length).writeBytes(sense);
        }
        int edtl = task.command.expectedDataTransferLength();
        int flags = edtl > 0 ? TargetPdus.FLAG_UNDERFLOW : 0;
        sink.send(TargetPdus.scsiResponse(sink.alloc(), task.command.itt(), RESPONSE_COMPLETED, status, flags, edtl,
            0, data));
    }

    private static ByteBuf sense(PduSink sink, ScsiResponse rsp) {
        int length = rsp.senseLength();
        if (length == 0) {
            return null;
        }
        ByteBuf data = sink.alloc().buffer(2 + length);
        data.writeShort(length);
        ByteBuffer nio = data.nioBuffer(2, length);
        rsp.writeSense(nio);
        data.writerIndex(2 + length);
        return data;
    }
}
