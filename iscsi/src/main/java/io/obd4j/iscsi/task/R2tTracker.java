package io.obd4j.iscsi.task;

import io.obd4j.iscsi.codec.Bhs;
import io.obd4j.iscsi.codec.PduException;
import io.obd4j.iscsi.codec.RejectReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Write-data bookkeeping of one task (RFC 7143 sections 4.2.5, 11.7, 11.8): immediate data, then unsolicited
 * Data-Out up to min(FirstBurstLength, EDTL) when InitialR2T=No, then R2Ts of at most MaxBurstLength with at most
 * MaxOutstandingR2T outstanding. Data must arrive in order inside each sequence (DataPDUInOrder=Yes); every
 * Data-Out is checked against the sequence it claims to belong to.
 */
final class R2tTracker {
    /** One outstanding R2T. */
    static final class R2t {
        final int ttt;
        final int r2tSn;
        final int offset;
        final int length;
        int next;
        int dataSn;

        R2t(int ttt, int r2tSn, int offset, int length) {
            this.ttt = ttt;
            this.r2tSn = r2tSn;
            this.offset = offset;
            this.length = length;
            this.next = offset;
        }
    }

    private final int total;
    private final int unsolicitedEnd;
    private final int maxBurst;
    private final int maxOutstanding;
    private final ArrayDeque<R2t> outstanding = new ArrayDeque<>();
    private int unsolicitedNext;
    private int unsolicitedDataSn;
    private int solicitNext;
    private int received;
    private int r2tSn;

    /**
     * @param total expected data transfer length
     * @param immediate bytes of immediate data already received
     * @param unsolicitedLimit bytes the initiator may send without R2T (immediate included)
     */
    R2tTracker(int total, int immediate, int unsolicitedLimit, int maxBurst, int maxOutstanding) {
        this.total = total;
        this.unsolicitedEnd = Math.max(immediate, Math.min(total, unsolicitedLimit));
        this.unsolicitedNext = immediate;
        this.solicitNext = unsolicitedEnd;
        this.received = immediate;
        this.maxBurst = maxBurst;
        this.maxOutstanding = maxOutstanding;
    }

    boolean complete() {
        return received == total;
    }

    /** R2Ts to send now; {@code tags} gives fresh target transfer tags. */
    List<R2t> nextR2ts(java.util.function.IntSupplier tags) {
        List<R2t> out = new ArrayList<>(2);
        while (outstanding.size() < maxOutstanding && solicitNext < total) {
            int length = Math.min(maxBurst, total - solicitNext);
            R2t r2t = new R2t(tags.getAsInt(), r2tSn++, solicitNext, length);
            solicitNext += length;
            outstanding.add(r2t);
            out.add(r2t);
        }
        return out;
    }

    /** R2Ts sent so far (the ExpDataSN of the final response). */
    int r2tCount() {
        return r2tSn;
    }

    /** Validates one Data-Out and records it; returns the buffer offset its data goes to. */
    int accept(int ttt, int dataSn, int offset, int length) throws PduException {
        if (ttt == Bhs.RESERVED_TAG) {
            checkDataSn(unsolicitedDataSn++, dataSn);
            if (offset != unsolicitedNext || offset + length > unsolicitedEnd) {
                throw new PduException(RejectReason.PROTOCOL_ERROR, false, "unsolicited Data-Out BufferOffset",
                    unsolicitedNext + " with length <= " + (unsolicitedEnd - unsolicitedNext),
                    offset + " length " + length);
            }
            unsolicitedNext += length;
            received += length;
            return offset;
        }
        for (R2t r2t : outstanding) {
            if (r2t.ttt == ttt) {
                checkDataSn(r2t.dataSn++, dataSn);
                if (offset != r2t.next || offset + length > r2t.offset + r2t.length) {
                    throw new PduException(RejectReason.PROTOCOL_ERROR, false, "Data-Out BufferOffset for TTT "
                        + Integer.toHexString(ttt), r2t.next + " with length <= " + (r2t.offset + r2t.length - r2t.next),
                        offset + " length " + length);
                }
                r2t.next += length;
                received += length;
                if (r2t.next == r2t.offset + r2t.length) {
                    outstanding.remove(r2t);
                }
                return offset;
            }
        }
        throw new PduException(RejectReason.INVALID_PDU_FIELD, false, "Data-Out TargetTransferTag",
            "an outstanding R2T", Integer.toHexString(ttt));
    }

    /** A DataSN gap means lost data; at ErrorRecoveryLevel 0 only a new connection recovers. */
    private static void checkDataSn(int expected, int found) throws PduException {
        if (expected != found) {
            throw new PduException(RejectReason.PROTOCOL_ERROR, true, "Data-Out DataSN", Integer.toString(expected),
                Integer.toUnsignedString(found));
        }
    }
}
