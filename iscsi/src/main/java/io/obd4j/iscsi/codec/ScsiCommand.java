package io.obd4j.iscsi.codec;

import io.netty.buffer.ByteBuf;

/**
 * Fields of a SCSI Command PDU (RFC 7143 section 11.3): byte 1 = F, R (0x40), W (0x20), ATTR (0x07); bytes 8..15
 * LUN; 20 Expected Data Transfer Length; 24 CmdSN; 28 ExpStatSN; 32..47 CDB. A CDB longer than 16 bytes continues
 * in an Extended CDB AHS (type 1: 2-byte length, type, reserved, then the bytes beyond the first 16).
 */
public record ScsiCommand(boolean read, boolean write, int attributes, long lun, int itt,
                          int expectedDataTransferLength, int cmdSn, int expStatSn, byte[] cdb) {
    public static final int READ_BIT = 0x40;
    public static final int WRITE_BIT = 0x20;
    private static final int AHS_EXTENDED_CDB = 1;

    public static ScsiCommand of(Pdu pdu) throws PduException {
        int flags = pdu.flags();
        byte[] cdb = cdb(pdu);
        return new ScsiCommand((flags & READ_BIT) != 0, (flags & WRITE_BIT) != 0, flags & 7, pdu.lun(),
            pdu.initiatorTaskTag(), pdu.field(Bhs.EXPECTED_DATA_TRANSFER_LENGTH), pdu.field(Bhs.CMD_SN),
            pdu.field(Bhs.EXP_STAT_SN), cdb);
    }

    private static byte[] cdb(Pdu pdu) throws PduException {
        ByteBuf ahs = pdu.ahs();
        int index = ahs.readerIndex();
        int end = ahs.writerIndex();
        while (end - index >= 4) {
            int length = ahs.getUnsignedShort(index);
            int type = ahs.getUnsignedByte(index + 2) & 0x3f;
            if (index + 3 + length > end) {
                throw new PduException(RejectReason.INVALID_PDU_FIELD, false, "AHSLength", "<= " + (end - index - 3),
                    length);
            }
            if (type == AHS_EXTENDED_CDB && length > 1) {
                byte[] cdb = new byte[Bhs.CDB_LENGTH + length - 1];
                pdu.bhs().getBytes(Bhs.CDB, cdb, 0, Bhs.CDB_LENGTH);
                ahs.getBytes(index + 4, cdb, Bhs.CDB_LENGTH, length - 1);
                return cdb;
            }
            index += (3 + length + 3) & ~3;
        }
        byte[] cdb = new byte[Bhs.CDB_LENGTH];
        pdu.bhs().getBytes(Bhs.CDB, cdb, 0, Bhs.CDB_LENGTH);
        return cdb;
    }
}
