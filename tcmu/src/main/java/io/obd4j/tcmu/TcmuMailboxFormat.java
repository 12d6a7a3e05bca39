package io.obd4j.tcmu;

/**
 * {@code struct tcmu_mailbox} at offset 0 of the uio map ({@code include/uapi/linux/target_core_user.h}; spec
 * tcmu-and-snapshotter.md §3.3). Packed, except that {@code cmd_tail} sits on its own 64-byte cache line.
 *
 * <pre>
 * off | size | field     | writer | meaning
 * ----+------+-----------+--------+---------------------------------------------------------------
 *   0 |    2 | version   | kernel | 2
 *   2 |    2 | flags     | kernel | bit0 CAP_OOOC, bit1 CAP_READ_LEN, bit2 CAP_TMR, bit3 CAP_KEEP_BUF
 *   4 |    4 | cmdr_off  | kernel | ring offset from the map base (= 128)
 *   8 |    4 | cmdr_size | kernel | ring bytes (8 MiB - 128 by default; not a power of two)
 *  12 |    4 | cmd_head  | kernel | producer index, relative to the ring start
 *  64 |    4 | cmd_tail  | user   | completion index, relative to the ring start
 *     |  128 | sizeof    |        |
 * </pre>
 */
public final class TcmuMailboxFormat {
    public static final int VERSION_OFFSET = 0;
    public static final int FLAGS_OFFSET = 2;
    public static final int CMDR_OFF_OFFSET = 4;
    public static final int CMDR_SIZE_OFFSET = 8;
    public static final int CMD_HEAD_OFFSET = 12;
    public static final int CMD_TAIL_OFFSET = 64;
    public static final int SIZE = 128;

    /** The only mailbox version libtcmu (and obd4j) accept. */
    public static final int VERSION = 2;

    public static final int CAP_OOOC = 1 << 0;
    public static final int CAP_READ_LEN = 1 << 1;
    public static final int CAP_TMR = 1 << 2;
    public static final int CAP_KEEP_BUF = 1 << 3;

    private TcmuMailboxFormat() {
    }
}
