package io.obd4j.iscsi.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.obd4j.iscsi.codec.OutboundPdu.StatSnUse;

/**
 * Builds the basic headers of target PDUs (RFC 7143 sections 11.3..11.18). StatSN, ExpCmdSN and MaxCmdSN (bytes
 * 24..35) are left zero: the connection stamps them when it sends the PDU.
 */
public final class TargetPdus {
    /** SCSI Response / Data-In flag bits (RFC 7143 sections 11.4.1, 11.7.1). */
    public static final int FLAG_BIDI_OVERFLOW = 0x10;
    public static final int FLAG_BIDI_UNDERFLOW = 0x08;
    public static final int FLAG_OVERFLOW = 0x04;
    public static final int FLAG_UNDERFLOW = 0x02;
    public static final int FLAG_STATUS = 0x01;
    public static final int FLAG_ACK = 0x40;
    /** Text / Login continue bit. */
    public static final int FLAG_CONTINUE = 0x40;

    private TargetPdus() {
    }

    private static ByteBuf header(ByteBufAllocator alloc, Opcode opcode, int flags, int itt) {
        ByteBuf bhs = alloc.directBuffer(Bhs.LENGTH, Bhs.LENGTH);
        bhs.writeZero(Bhs.LENGTH);
        bhs.setByte(Bhs.OPCODE, opcode.code());
        bhs.setByte(Bhs.FLAGS, flags);
        bhs.setInt(Bhs.INITIATOR_TASK_TAG, itt);
        return bhs;
    }

    /** Login Response; {@code stages} is byte 1 (T, C, CSG, NSG); {@code isid} the 6-byte ISID in the low bits. */
    public static OutboundPdu loginResponse(ByteBufAllocator alloc, int stages, long isid, int tsih, int itt,
                                            int statusClass, int statusDetail, ByteBuf data) {
        ByteBuf bhs = header(alloc, Opcode.LOGIN_RESPONSE, stages, itt);
        bhs.setShort(Bhs.ISID, (int) (isid >>> 32));
        bhs.setInt(Bhs.ISID + 2, (int) isid);
        bhs.setShort(Bhs.TSIH, tsih);
        bhs.setByte(Bhs.STATUS_CLASS, statusClass);
        bhs.setByte(Bhs.STATUS_DETAIL, statusDetail);
        return new OutboundPdu(bhs, data, StatSnUse.ADVANCE);
    }

    public static OutboundPdu textResponse(ByteBufAllocator alloc, boolean last, long lun, int itt, int ttt,
                                           ByteBuf data) {
        ByteBuf bhs = header(alloc, Opcode.TEXT_RESPONSE, last ? Bhs.FINAL_BIT : FLAG_CONTINUE, itt);
        bhs.setLong(Bhs.LUN, lun);
        bhs.setInt(Bhs.TARGET_TRANSFER_TAG, ttt);
        return new OutboundPdu(bhs, data, StatSnUse.ADVANCE);
    }

    /** SCSI Response carrying {@code senseData} (already prefixed with its 2-byte length) or no data. */
    public static OutboundPdu scsiResponse(ByteBufAllocator alloc, int itt, int response, int status, int flags,
                                           int residual, int expDataSn, ByteBuf senseData) {
        ByteBuf bhs = header(alloc, Opcode.SCSI_RESPONSE, Bhs.FINAL_BIT | flags, itt);
        bhs.setByte(Bhs.BYTE2, response);
        bhs.setByte(Bhs.BYTE3, status);
        bhs.setInt(Bhs.EXP_DATA_SN, expDataSn);
        bhs.setInt(Bhs.RESIDUAL_COUNT, residual);
        return new OutboundPdu(bhs, senseData, StatSnUse.ADVANCE);
    }

    /** SCSI Data-In; with {@link #FLAG_STATUS} in {@code flags} it also carries {@code status} and a StatSN. */
    public static OutboundPdu dataIn(ByteBufAllocator alloc, int flags, int status, long lun, int itt, int dataSn,
                                     int offset, int residual, ByteBuf data) {
        ByteBuf bhs = header(alloc, Opcode.SCSI_DATA_IN, flags, itt);
        boolean withStatus = (flags & FLAG_STATUS) != 0;
        if (withStatus) {
            bhs.setByte(Bhs.BYTE3, status);
            bhs.setInt(Bhs.RESIDUAL_COUNT, residual);
        }
        bhs.setLong(Bhs.LUN, lun);
        bhs.setInt(Bhs.TARGET_TRANSFER_TAG, Bhs.RESERVED_TAG);
        bhs.setInt(Bhs.DATA_SN, dataSn);
        bhs.setInt(Bhs.BUFFER_OFFSET, offset);
        return new OutboundPdu(bhs, data, withStatus ? StatSnUse.ADVANCE : StatSnUse.NONE);
    }

    public static OutboundPdu r2t(ByteBufAllocator alloc, long lun, int itt, int ttt, int r2tSn, int offset,
                                  int length) {
        ByteBuf bhs = header(alloc, Opcode.R2T, Bhs.FINAL_BIT, itt);
        bhs.setLong(Bhs.LUN, lun);
        bhs.setInt(Bhs.TARGET_TRANSFER_TAG, ttt);
        bhs.setInt(Bhs.R2T_SN, r2tSn);
        bhs.setInt(Bhs.BUFFER_OFFSET, offset);
        bhs.setInt(Bhs.DESIRED_DATA_TRANSFER_LENGTH, length);
        return new OutboundPdu(bhs, null, StatSnUse.PEEK);
    }

    /** NOP-In: an answer to a ping ({@code itt} != reserved) or a target ping ({@code ttt} != reserved). */
    public static OutboundPdu nopIn(ByteBufAllocator alloc, long lun, int itt, int ttt, ByteBuf data) {
        ByteBuf bhs = header(alloc, Opcode.NOP_IN, Bhs.FINAL_BIT, itt);
        bhs.setLong(Bhs.LUN, lun);
        bhs.setInt(Bhs.TARGET_TRANSFER_TAG, ttt);
        return new OutboundPdu(bhs, data, itt == Bhs.RESERVED_TAG ? StatSnUse.PEEK : StatSnUse.ADVANCE);
    }

    public static OutboundPdu taskManagementResponse(ByteBufAllocator alloc, int itt, int response) {
        ByteBuf bhs = header(alloc, Opcode.TASK_MANAGEMENT_RESPONSE, Bhs.FINAL_BIT, itt);
        bhs.setByte(Bhs.BYTE2, response);
        return new OutboundPdu(bhs, null, StatSnUse.ADVANCE);
    }

    public static OutboundPdu logoutResponse(ByteBufAllocator alloc, int itt, int response, int time2Wait,
                                             int time2Retain) {
        ByteBuf bhs = header(alloc, Opcode.LOGOUT_RESPONSE, Bhs.FINAL_BIT, itt);
        bhs.setByte(Bhs.BYTE2, response);
        bhs.setShort(Bhs.TIME2WAIT, time2Wait);
        bhs.setShort(Bhs.TIME2RETAIN, time2Retain);
        return new OutboundPdu(bhs, null, StatSnUse.ADVANCE);
    }

    /** Reject carrying the refused PDU's basic header as its data segment (ownership of {@code header} moves). */
    public static OutboundPdu reject(ByteBufAllocator alloc, RejectReason reason, ByteBuf header) {
        ByteBuf bhs = header(alloc, Opcode.REJECT, Bhs.FINAL_BIT, Bhs.RESERVED_TAG);
        bhs.setByte(Bhs.BYTE2, reason.code());
        return new OutboundPdu(bhs, header, StatSnUse.ADVANCE);
    }

    /** Asynchronous Message, e.g. event 1 "target requests logout" (RFC 7143 section 11.9.1). */
    public static OutboundPdu asyncMessage(ByteBufAllocator alloc, long lun, int event, int p1, int p2, int p3) {
        ByteBuf bhs = header(alloc, Opcode.ASYNC_MESSAGE, Bhs.FINAL_BIT, Bhs.RESERVED_TAG);
        bhs.setLong(Bhs.LUN, lun);
        bhs.setByte(Bhs.STATUS_CLASS, event);
        bhs.setShort(38, p1);
        bhs.setShort(40, p2);
        bhs.setShort(42, p3);
        return new OutboundPdu(bhs, null, StatSnUse.ADVANCE);
    }
}
