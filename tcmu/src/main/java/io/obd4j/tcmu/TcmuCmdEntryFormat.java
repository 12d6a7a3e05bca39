package io.obd4j.tcmu;

/**
 * One command-ring entry: {@code struct tcmu_cmd_entry} (spec tcmu-and-snapshotter.md §3.4). Offsets are from the
 * entry start; {@code cdb_off} and {@code iov_base} are offsets from the <em>map</em> base.
 *
 * <pre>
 * tcmu_cmd_entry_hdr (8, packed)
 *   0 u32 len_op   op = len_op &amp; 7 (PAD 0, CMD 1, TMR 2); len = len_op &amp; ~7 (8-byte aligned)
 *   4 u16 cmd_id   1..65535, 0 for PAD
 *   6 u8  kflags
 *   7 u8  uflags   user flags: 0x1 UNKNOWN_OP, 0x2 READ_LEN, 0x4 KEEP_BUF
 * request view                           | response view (written by user on completion)
 *   8 u32 iov_cnt                        |   8 u8 scsi_status, 9 u8 pad, 10 u16 pad
 *  12 u32 iov_bidi_cnt                   |  12 u32 read_len
 *  16 u32 iov_dif_cnt (0)                |  16 u8 sense_buffer[96] (16..111)
 *  20 u32 alignment padding              |
 *  24 u64 cdb_off (from map base)        |
 *  32 u64 __pad1, 40 u64 __pad2          |
 *  48 struct iovec iov[]: u64 iov_base (from map base), u64 iov_len; 16 bytes each
 * sizeof = 112
 * </pre>
 * The kernel sizes a CMD entry {@code max(48 + 16 * iov_cnt, 112) + round_up(cdb_len, 8)} and puts the CDB right
 * after the iovecs; a PAD entry fills the ring's end so entries never wrap.
 */
public final class TcmuCmdEntryFormat {
    public static final int LEN_OP_OFFSET = 0;
    public static final int CMD_ID_OFFSET = 4;
    public static final int KFLAGS_OFFSET = 6;
    public static final int UFLAGS_OFFSET = 7;

    public static final int IOV_CNT_OFFSET = 8;
    public static final int IOV_BIDI_CNT_OFFSET = 12;
    public static final int IOV_DIF_CNT_OFFSET = 16;
    public static final int CDB_OFF_OFFSET = 24;
    public static final int IOV_OFFSET = 48;
    public static final int IOV_SIZE = 16;
    public static final int IOV_BASE_OFFSET = 0;
    public static final int IOV_LEN_OFFSET = 8;

    public static final int SCSI_STATUS_OFFSET = 8;
    public static final int READ_LEN_OFFSET = 12;
    public static final int SENSE_OFFSET = 16;
    public static final int SENSE_SIZE = 96;

    public static final int SIZE = 112;
    public static final int HDR_SIZE = 8;
    public static final int ALIGN = 8;

    public static final int OP_MASK = 0x7;
    public static final int OP_PAD = 0;
    public static final int OP_CMD = 1;
    public static final int OP_TMR = 2;

    public static final int UFLAG_UNKNOWN_OP = 0x1;
    public static final int UFLAG_READ_LEN = 0x2;
    public static final int UFLAG_KEEP_BUF = 0x4;

    private TcmuCmdEntryFormat() {
    }

    /** Bytes before the CDB of a CMD entry with {@code iovCnt} iovecs. */
    public static int baseSize(int iovCnt) {
        return Math.max(IOV_OFFSET + IOV_SIZE * iovCnt, SIZE);
    }

    public static int op(int lenOp) {
        return lenOp & OP_MASK;
    }

    public static int length(int lenOp) {
        return lenOp & ~OP_MASK;
    }

    public static int lenOp(int length, int op) {
        return (length & ~OP_MASK) | (op & OP_MASK);
    }

    public static int roundUp(int n) {
        return (n + ALIGN - 1) & ~(ALIGN - 1);
    }
}
