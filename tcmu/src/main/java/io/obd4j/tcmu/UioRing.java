package io.obd4j.tcmu;

import static io.obd4j.tcmu.TcmuCmdEntryFormat.CDB_OFF_OFFSET;
import static io.obd4j.tcmu.TcmuCmdEntryFormat.CMD_ID_OFFSET;
import static io.obd4j.tcmu.TcmuCmdEntryFormat.IOV_BIDI_CNT_OFFSET;
import static io.obd4j.tcmu.TcmuCmdEntryFormat.IOV_CNT_OFFSET;
import static io.obd4j.tcmu.TcmuCmdEntryFormat.IOV_OFFSET;
import static io.obd4j.tcmu.TcmuCmdEntryFormat.IOV_SIZE;
import static io.obd4j.tcmu.TcmuCmdEntryFormat.OP_CMD;
import static io.obd4j.tcmu.TcmuCmdEntryFormat.OP_PAD;
import static io.obd4j.tcmu.TcmuCmdEntryFormat.UFLAGS_OFFSET;
import static io.obd4j.tcmu.TcmuMailboxFormat.CMD_HEAD_OFFSET;
import static io.obd4j.tcmu.TcmuMailboxFormat.CMD_TAIL_OFFSET;

import io.obd4j.core.format.FormatException;
import io.obd4j.nativeio.MappedRegion;

import java.nio.ByteBuffer;

/**
 * The TCMU command ring of one device, a flyweight over its uio map (mailbox, ring, data area; spec
 * tcmu-and-snapshotter.md §3.3–3.6). Two roles, each with one thread at a time:
 * <ul>
 * <li>the <b>fetcher</b> ({@link #next}) walks a private pointer from the mailbox tail towards {@code cmd_head}
 * (acquire load), skips PAD entries, marks non-CMD entries UNKNOWN_OP and copies commands out;</li>
 * <li>the <b>completer</b> ({@link #complete}, serialised by an internal lock) writes each response into the
 * oldest uncompleted CMD slot, overwriting its {@code cmd_id} (out-of-order completion: the kernel finds the
 * command by that id), and publishes {@code cmd_tail} with a release store.</li>
 * </ul>
 * A ring that breaks the layout (entry lengths, offsets outside the map) throws {@link FormatException} naming
 * the device, field and map offset.
 */
public final class UioRing {
    private final MappedRegion map;
    private final String name;
    private final int flags;
    private final int cmdrOff;
    private final int cmdrSize;
    private final int dataOff;
    private final Object completionLock = new Object();
    private int fetchTail;
    private int completeTail;
    private int outstanding;

    /** Validates the mailbox of {@code map}; {@code name} (e.g. {@code uio0}) is used in error messages. */
    public UioRing(MappedRegion map, String name) throws FormatException {
        this.map = map;
        this.name = name;
        if (map.length() < TcmuMailboxFormat.SIZE) {
            throw new FormatException(name, "map size", 0, ">= " + TcmuMailboxFormat.SIZE, map.length());
        }
        int version = Short.toUnsignedInt(map.getShort(TcmuMailboxFormat.VERSION_OFFSET));
        if (version != TcmuMailboxFormat.VERSION) {
            throw new FormatException(name, "mailbox version", TcmuMailboxFormat.VERSION_OFFSET,
                    Integer.toString(TcmuMailboxFormat.VERSION), version);
        }
        this.flags = Short.toUnsignedInt(map.getShort(TcmuMailboxFormat.FLAGS_OFFSET));
        this.cmdrOff = map.getInt(TcmuMailboxFormat.CMDR_OFF_OFFSET);
        if (cmdrOff < TcmuMailboxFormat.SIZE || cmdrOff >= map.length() || (cmdrOff & 7) != 0) {
            throw new FormatException(name, "mailbox cmdr_off", TcmuMailboxFormat.CMDR_OFF_OFFSET,
                    "an 8-aligned offset in [128, " + map.length() + ")", cmdrOff);
        }
        this.cmdrSize = map.getInt(TcmuMailboxFormat.CMDR_SIZE_OFFSET);
        if (cmdrSize < TcmuCmdEntryFormat.SIZE * 2 || cmdrSize > map.length() - cmdrOff || (cmdrSize & 7) != 0) {
            throw new FormatException(name, "mailbox cmdr_size", TcmuMailboxFormat.CMDR_SIZE_OFFSET,
                    "an 8-aligned size in [224, " + (map.length() - cmdrOff) + "]", cmdrSize);
        }
        this.dataOff = cmdrOff + cmdrSize;
        int tail = checkIndex(map.getIntVolatile(CMD_TAIL_OFFSET), "mailbox cmd_tail", CMD_TAIL_OFFSET);
        this.fetchTail = tail;
        this.completeTail = tail;
    }

    public String name() {
        return name;
    }

    /** Mailbox capability bits ({@link TcmuMailboxFormat#CAP_OOOC} …). */
    public int flags() {
        return flags;
    }

    public boolean hasCapability(int cap) {
        return (flags & cap) != 0;
    }

    public int ringOffset() {
        return cmdrOff;
    }

    public int ringSize() {
        return cmdrSize;
    }

    /** Offset of the data area from the map base. */
    public int dataOffset() {
        return dataOff;
    }

    public MappedRegion map() {
        return map;
    }

    /** {@code cmd_head}, acquire load. */
    public int head() throws FormatException {
        return checkIndex(map.getIntAcquire(CMD_HEAD_OFFSET), "mailbox cmd_head", CMD_HEAD_OFFSET);
    }

    /** {@code cmd_tail} as last published. */
    public int tail() {
        return map.getIntVolatile(CMD_TAIL_OFFSET);
    }

    /** The fetcher's private position (libtcmu's {@code devTail}). */
    public int fetchPosition() {
        return fetchTail;
    }

    /** Commands fetched and not yet completed. */
    public int outstanding() {
        synchronized (completionLock) {
            return outstanding;
        }
    }

    /**
     * Fetches the next command into {@code into}, skipping PAD entries and flagging others UNKNOWN_OP.
     *
     * @return false when the fetcher has caught up with {@code cmd_head}
     */
    public boolean next(TcmuCommand into) throws FormatException {
        while (true) {
            int head = head();
            if (fetchTail == head) {
                return false;
            }
            int entry = cmdrOff + fetchTail;
            int lenOp = map.getInt(entry);
            int len = checkLength(entry, lenOp, fetchTail);
            int op = TcmuCmdEntryFormat.op(lenOp);
            if (op == OP_CMD) {
                read(entry, len, into);
                fetchTail = (fetchTail + len) % cmdrSize;
                synchronized (completionLock) {
                    outstanding++;
                }
                return true;
            }
            if (op != OP_PAD) {
                int uflags = map.getByte(entry + UFLAGS_OFFSET) | TcmuCmdEntryFormat.UFLAG_UNKNOWN_OP;
                map.putByte(entry + UFLAGS_OFFSET, (byte) uflags);
            }
            fetchTail = (fetchTail + len) % cmdrSize;
        }
    }

    private void read(int entry, int len, TcmuCommand into) throws FormatException {
        if (len < TcmuCmdEntryFormat.SIZE) {
            throw new FormatException(name, "CMD entry length", entry, ">= " + TcmuCmdEntryFormat.SIZE, len);
        }
        int id = Short.toUnsignedInt(map.getShort(entry + CMD_ID_OFFSET));
        int iovs = map.getInt(entry + IOV_CNT_OFFSET);
        int bidi = map.getInt(entry + IOV_BIDI_CNT_OFFSET);
        int maxIovs = (len - IOV_OFFSET) / IOV_SIZE;
        if (iovs < 0 || bidi < 0 || iovs > maxIovs || bidi > maxIovs - iovs) {
            throw new FormatException(name, "iov_cnt + iov_bidi_cnt", entry + IOV_CNT_OFFSET,
                    "at most " + maxIovs + " in an entry of " + len + " bytes", iovs + " + " + bidi);
        }
        into.reset(id, iovs, bidi);
        for (int i = 0; i < iovs + bidi; i++) {
            int at = entry + IOV_OFFSET + i * IOV_SIZE;
            long base = map.getLong(at + TcmuCmdEntryFormat.IOV_BASE_OFFSET);
            long length = map.getLong(at + TcmuCmdEntryFormat.IOV_LEN_OFFSET);
            if (base < dataOff || length < 0 || length > map.length() - base) {
                throw new FormatException(name, "iov[" + i + "]", at, "a range inside the data area ["
                        + dataOff + ", " + map.length() + ")", "base " + base + " length " + length);
            }
            into.iov(i, base, length);
        }
        long cdbOff = map.getLong(entry + CDB_OFF_OFFSET);
        int entryEnd = entry + len;
        if (cdbOff < entry + IOV_OFFSET + (long) (iovs + bidi) * IOV_SIZE || cdbOff >= entryEnd) {
            throw new FormatException(name, "cdb_off", entry + CDB_OFF_OFFSET,
                    "an offset inside the entry's tail [" + (entry + IOV_OFFSET) + ", " + entryEnd + ")", cdbOff);
        }
        int at = (int) cdbOff;
        int cdbLen = Math.min(cdbLength(map.getByte(at) & 0xFF, at, entryEnd), entryEnd - at);
        map.getBytes(at, into.cdbArray(), 0, cdbLen);
        into.cdbLength(cdbLen);
    }

    /** CDB length by group code (§4.4); reserved/vendor groups get the first 16 bytes (they fail as unknown). */
    private int cdbLength(int opcode, int at, int entryEnd) {
        switch (opcode >>> 5) {
            case 0:
                return 6;
            case 1:
            case 2:
                return 10;
            case 3:
                if (opcode == 0x7F && at + 7 < entryEnd) {
                    return Math.min(8 + (map.getByte(at + 7) & 0xFF), TcmuCommand.MAX_CDB);
                }
                return 16;
            case 4:
                return 16;
            case 5:
                return 12;
            default:
                return 16;
        }
    }

    /**
     * Completes command {@code cmdId} (which must have been fetched and not completed).
     *
     * @param scsiStatus SAM status byte
     * @param sense sense bytes from position to limit (at most 96), or null; written only when non-null
     * @param readLength bytes of data-in actually produced, or -1 to report the full length; used only when the
     *                   kernel advertises READ_LEN
     */
    public void complete(int cmdId, int scsiStatus, ByteBuffer sense, int readLength) throws FormatException {
        synchronized (completionLock) {
            if (outstanding == 0) {
                throw new IllegalStateException(name + ": completing cmd " + cmdId + " with no command outstanding");
            }
            int head = head();
            int tail = completeTail;
            int entry;
            int len;
            while (true) {
                if (tail == head) {
                    throw new IllegalStateException(name + ": no uncompleted entry between cmd_tail and cmd_head");
                }
                entry = cmdrOff + tail;
                int lenOp = map.getInt(entry);
                len = checkLength(entry, lenOp, tail);
                if (TcmuCmdEntryFormat.op(lenOp) == OP_CMD) {
                    break;
                }
                tail = (tail + len) % cmdrSize;
            }
            writeResponse(entry, cmdId, scsiStatus, sense, readLength);
            completeTail = (tail + len) % cmdrSize;
            outstanding--;
            map.putIntRelease(CMD_TAIL_OFFSET, completeTail);
        }
    }

    private void writeResponse(int entry, int cmdId, int scsiStatus, ByteBuffer sense, int readLength) {
        boolean readLen = readLength >= 0 && hasCapability(TcmuMailboxFormat.CAP_READ_LEN);
        map.putShort(entry + CMD_ID_OFFSET, (short) cmdId);
        map.putByte(entry + UFLAGS_OFFSET, (byte) (readLen ? TcmuCmdEntryFormat.UFLAG_READ_LEN : 0));
        map.putInt(entry + TcmuCmdEntryFormat.SCSI_STATUS_OFFSET, scsiStatus & 0xFF);
        map.putInt(entry + TcmuCmdEntryFormat.READ_LEN_OFFSET, readLen ? readLength : 0);
        if (sense != null) {
            int n = Math.min(sense.remaining(), TcmuCmdEntryFormat.SENSE_SIZE);
            int at = entry + TcmuCmdEntryFormat.SENSE_OFFSET;
            map.setZero(at, TcmuCmdEntryFormat.SENSE_SIZE);
            for (int i = 0; i < n; i++) {
                map.putByte(at + i, sense.get(sense.position() + i));
            }
        }
    }

    private int checkLength(int entry, int lenOp, int ringIndex) throws FormatException {
        int len = TcmuCmdEntryFormat.length(lenOp);
        if (len < TcmuCmdEntryFormat.HDR_SIZE || len > cmdrSize - ringIndex) {
            throw new FormatException(name, "len_op length", entry,
                    "8.." + (cmdrSize - ringIndex) + " (entries never wrap)", len);
        }
        return len;
    }

    private int checkIndex(int index, String field, int offset) throws FormatException {
        if (index < 0 || index >= cmdrSize || (index & 7) != 0) {
            throw new FormatException(name, field, offset, "an 8-aligned index in [0, " + cmdrSize + ")", index);
        }
        return index;
    }

    /** After {@code action/reset_ring} or on adoption: restart both pointers at the published tail. */
    public void resynchronize() throws FormatException {
        synchronized (completionLock) {
            int tail = checkIndex(map.getIntVolatile(CMD_TAIL_OFFSET), "mailbox cmd_tail", CMD_TAIL_OFFSET);
            fetchTail = tail;
            completeTail = tail;
            outstanding = 0;
        }
    }
}
