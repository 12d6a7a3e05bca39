package io.obd4j.tcmu;

import java.nio.ByteBuffer;

/**
 * One SCSI command fetched from the ring: its id, a copy of the CDB and its iovecs (offsets into the uio map).
 * Mutable and reused (see {@link DeviceWorker}'s pool); the request fields are copied out of the ring at fetch
 * time because completion may reuse the slot for another command (out-of-order completion).
 */
public final class TcmuCommand {
    /** Largest CDB copied (a variable-length CDB with 252 additional bytes). */
    public static final int MAX_CDB = 260;

    private final byte[] cdb = new byte[MAX_CDB];
    private final ByteBuffer cdbView = ByteBuffer.wrap(cdb);
    private int cdbLength;
    private int cmdId;
    private int iovCount;
    private int bidiCount;
    private long[] iovBase = new long[8];
    private long[] iovLength = new long[8];

    void reset(int id, int iovs, int bidi) {
        this.cmdId = id;
        this.iovCount = iovs;
        this.bidiCount = bidi;
        this.cdbLength = 0;
        int total = iovs + bidi;
        if (total > iovBase.length) {
            int n = Math.max(total, iovBase.length * 2);
            iovBase = new long[n];
            iovLength = new long[n];
        }
    }

    void iov(int index, long base, long length) {
        iovBase[index] = base;
        iovLength[index] = length;
    }

    byte[] cdbArray() {
        return cdb;
    }

    void cdbLength(int length) {
        this.cdbLength = length;
    }

    public int cmdId() {
        return cmdId;
    }

    /** The CDB bytes: position 0, limit = CDB length. A view into this object; do not keep it. */
    public ByteBuffer cdb() {
        return cdbView.limit(cdbLength).position(0);
    }

    public int cdbLength() {
        return cdbLength;
    }

    public int opcode() {
        return cdbLength == 0 ? -1 : cdb[0] & 0xFF;
    }

    /** Data-in or data-out iovecs (bidirectional ones excluded). */
    public int iovCount() {
        return iovCount;
    }

    public int bidiIovCount() {
        return bidiCount;
    }

    /** Offset of iovec {@code i} from the map base. */
    public long iovBase(int i) {
        check(i);
        return iovBase[i];
    }

    public long iovLength(int i) {
        check(i);
        return iovLength[i];
    }

    /** Sum of the data iovec lengths (the kernel's data length of the command). */
    public long dataLength() {
        long total = 0;
        for (int i = 0; i < iovCount; i++) {
            total += iovLength[i];
        }
        return total;
    }

    private void check(int i) {
        if (i < 0 || i >= iovCount + bidiCount) {
            throw new IndexOutOfBoundsException("iovec " + i + " of " + (iovCount + bidiCount));
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("cmd ").append(cmdId).append(" [");
        for (int i = 0; i < cdbLength; i++) {
            sb.append(String.format(i == 0 ? "%02x" : " %02x", cdb[i]));
        }
        return sb.append("] iovs=").append(iovCount).append(" len=").append(dataLength()).toString();
    }
}
