package io.obd4j.iscsi.codec;

import io.netty.buffer.ByteBuf;

/**
 * Layout of the 48-byte Basic Header Segment (RFC 7143 section 11.2.1). All multi-byte fields are big-endian.
 *
 * <pre>
 * Byte/     0       |       1       |       2       |       3       |
 *     +---------------+---------------+---------------+---------------+
 *    0|.|I| Opcode    |F|  Opcode-specific fields                     |
 *     +---------------+---------------+---------------+---------------+
 *    4|TotalAHSLength | DataSegmentLength                             |
 *     +---------------+---------------+---------------+---------------+
 *    8| LUN or Opcode-specific fields                                 |
 *   12|                                                               |
 *     +---------------+---------------+---------------+---------------+
 *   16| Initiator Task Tag                                            |
 *     +---------------+---------------+---------------+---------------+
 *   20| Opcode-specific fields (TTT, CID, EDTL...)                    |
 *   24| CmdSN or StatSN                                               |
 *   28| ExpStatSN or ExpCmdSN                                         |
 *   32| MaxCmdSN / CDB start / RefCmdSN                               |
 *   36| ExpDataSN / DataSN / R2TSN / Status-Class+Detail              |
 *   40| Buffer Offset / Time2Wait+Time2Retain                         |
 *   44| Residual Count / Desired Data Transfer Length                 |
 *     +---------------+---------------+---------------+---------------+
 * </pre>
 */
public final class Bhs {
    /** Size of the basic header segment. */
    public static final int LENGTH = 48;
    /** Byte 0: bit 6 = immediate delivery, bits 0..5 = opcode. */
    public static final int OPCODE = 0;
    public static final int IMMEDIATE_BIT = 0x40;
    public static final int OPCODE_MASK = 0x3f;
    /** Byte 1: F bit and opcode-specific flags. */
    public static final int FLAGS = 1;
    public static final int FINAL_BIT = 0x80;
    /** Byte 2 and 3: opcode-specific (response, status, version...). */
    public static final int BYTE2 = 2;
    public static final int BYTE3 = 3;
    /** Byte 4: length of all AHS in 4-byte words. */
    public static final int TOTAL_AHS_LENGTH = 4;
    /** Bytes 5..7: data segment length in bytes, without padding and digest. */
    public static final int DATA_SEGMENT_LENGTH = 5;
    /** Bytes 8..15: LUN (or ISID + TSIH in login PDUs). */
    public static final int LUN = 8;
    public static final int ISID = 8;
    public static final int ISID_LENGTH = 6;
    public static final int TSIH = 14;
    public static final int INITIATOR_TASK_TAG = 16;
    /** Bytes 20..23: Target Transfer Tag, Expected Data Transfer Length, CID, Referenced Task Tag or SNACK Tag. */
    public static final int FIELD20 = 20;
    public static final int TARGET_TRANSFER_TAG = 20;
    public static final int EXPECTED_DATA_TRANSFER_LENGTH = 20;
    public static final int CID = 20;
    public static final int REFERENCED_TASK_TAG = 20;
    /** CmdSN in initiator PDUs, StatSN in target PDUs. */
    public static final int CMD_SN = 24;
    public static final int STAT_SN = 24;
    /** ExpStatSN in initiator PDUs, ExpCmdSN in target PDUs. */
    public static final int EXP_STAT_SN = 28;
    public static final int EXP_CMD_SN = 28;
    public static final int MAX_CMD_SN = 32;
    public static final int REF_CMD_SN = 32;
    /** SCSI Command: the CDB occupies bytes 32..47. */
    public static final int CDB = 32;
    public static final int CDB_LENGTH = 16;
    public static final int DATA_SN = 36;
    public static final int EXP_DATA_SN = 36;
    public static final int R2T_SN = 36;
    public static final int STATUS_CLASS = 36;
    public static final int STATUS_DETAIL = 37;
    public static final int BUFFER_OFFSET = 40;
    public static final int TIME2WAIT = 40;
    public static final int TIME2RETAIN = 42;
    public static final int RESIDUAL_COUNT = 44;
    public static final int DESIRED_DATA_TRANSFER_LENGTH = 44;
    public static final int BIDI_RESIDUAL_COUNT = 40;
    /** The reserved tag value meaning "no task". */
    public static final int RESERVED_TAG = 0xffffffff;
    /** Largest value of the 24-bit DataSegmentLength field. */
    public static final int MAX_DATA_SEGMENT_LENGTH = 0xffffff;

    private Bhs() {
    }

    public static int opcode(ByteBuf bhs) {
        return bhs.getUnsignedByte(OPCODE) & OPCODE_MASK;
    }

    public static boolean immediate(ByteBuf bhs) {
        return (bhs.getUnsignedByte(OPCODE) & IMMEDIATE_BIT) != 0;
    }

    public static int flags(ByteBuf bhs) {
        return bhs.getUnsignedByte(FLAGS);
    }

    /** Total AHS length in bytes. */
    public static int totalAhsLength(ByteBuf bhs) {
        return bhs.getUnsignedByte(TOTAL_AHS_LENGTH) * 4;
    }

    public static int dataSegmentLength(ByteBuf bhs) {
        return bhs.getUnsignedMedium(DATA_SEGMENT_LENGTH);
    }

    public static void setDataSegmentLength(ByteBuf bhs, int length) {
        bhs.setMedium(DATA_SEGMENT_LENGTH, length);
    }

    /** Bytes of padding that follow a segment of {@code length} bytes to reach a 4-byte boundary. */
    public static int padding(int length) {
        return -length & 3;
    }
}
