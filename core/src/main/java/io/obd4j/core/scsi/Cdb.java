package io.obd4j.core.scsi;

import java.nio.ByteBuffer;

/**
 * Flyweight over the bytes of one CDB (from the buffer's position; the buffer is not moved or copied). Reusable:
 * {@link #wrap} points it at another CDB. The CDB length follows the group code of the opcode (spec
 * tcmu-and-snapshotter.md §4.4); field accessors read big-endian at the positions below and never past
 * {@link #available()}: a field outside the bytes given reads as 0 (callers check {@link #isComplete()} first).
 *
 * <pre>
 * group (opcode &gt;&gt; 5) | length | LBA                          | TRANSFER LENGTH
 * --------------------+--------+------------------------------+----------------
 * 0                   | 6      | (cdb[1] &amp; 0x1F) &lt;&lt; 16 | be16(cdb[2]) | cdb[4]
 * 1, 2                | 10     | be32(cdb[2])                 | be16(cdb[7])
 * 3 (0x7F only)       | 8 + cdb[7] | -                        | -
 * 4                   | 16     | be64(cdb[2])                 | be32(cdb[10])
 * 5                   | 12     | be32(cdb[2])                 | be32(cdb[6])
 * 6, 7 (vendor)       | invalid
 * </pre>
 * Byte 1 holds the flags (e.g. FUA 0x08, BYTCHK 0x02/0x06, UNMAP 0x08 of WRITE SAME) or the 5-bit service action
 * (SERVICE ACTION IN/OUT(16), MAINTENANCE IN/OUT); the last byte is CONTROL.
 */
public final class Cdb {
    /** Largest CDB this layer accepts (a variable-length CDB with 252 additional bytes is 260). */
    public static final int MAX_LENGTH = 260;

    private ByteBuffer buf;
    private int base;
    private int available;

    public Cdb() {
    }

    /** A flyweight over a copy of {@code bytes} (for tests and tools). */
    public static Cdb of(byte... bytes) {
        return new Cdb().wrap(ByteBuffer.wrap(bytes.clone()));
    }

    /** Points this flyweight at {@code cdb} from its position to its limit. Returns this. */
    public Cdb wrap(ByteBuffer cdb) {
        this.buf = cdb;
        this.base = cdb.position();
        this.available = Math.min(cdb.remaining(), MAX_LENGTH);
        return this;
    }

    /** Bytes given (an iSCSI BHS always gives 16, zero-padded). */
    public int available() {
        return available;
    }

    public int opcode() {
        return u8(0);
    }

    /** The CDB length implied by the opcode, or -1 when the group code is reserved/vendor or bytes are missing. */
    public int length() {
        if (available == 0) {
            return -1;
        }
        int op = opcode();
        if (op == ScsiOpcode.VARIABLE_LENGTH) {
            return available > 7 ? 8 + u8(7) : -1;
        }
        return lengthOfGroup(op >>> 5);
    }

    /** True when the opcode has a defined CDB length and all of its bytes were given. */
    public boolean isComplete() {
        int len = length();
        return len > 0 && len <= available;
    }

    /** The CDB length of a group code (0..7), -1 for the reserved/vendor groups and group 3. */
    public static int lengthOfGroup(int group) {
        switch (group) {
            case 0: return 6;
            case 1:
            case 2: return 10;
            case 4: return 16;
            case 5: return 12;
            default: return -1;
        }
    }

    /** Unsigned byte {@code i}; 0 beyond the bytes given. */
    public int u8(int i) {
        return i >= 0 && i < available ? buf.get(base + i) & 0xFF : 0;
    }

    /** Unsigned big-endian 16-bit field at {@code i}. */
    public int u16(int i) {
        return u8(i) << 8 | u8(i + 1);
    }

    /** Unsigned big-endian 24-bit field at {@code i}. */
    public int u24(int i) {
        return u8(i) << 16 | u16(i + 1);
    }

    /** Unsigned big-endian 32-bit field at {@code i}. */
    public long u32(int i) {
        return (long) u16(i) << 16 | u16(i + 2);
    }

    /** Big-endian 64-bit field at {@code i} (may be negative when the top bit is set). */
    public long u64(int i) {
        return u32(i) << 32 | u32(i + 4);
    }

    /** Byte 1 (flags of most commands). */
    public int flags() {
        return u8(1);
    }

    /** The 5-bit service action of byte 1 (SERVICE ACTION IN/OUT(16), MAINTENANCE IN/OUT). */
    public int serviceAction() {
        if (opcode() == ScsiOpcode.VARIABLE_LENGTH) {
            return u16(8);
        }
        return u8(1) & 0x1F;
    }

    /** The CONTROL byte (last byte of the CDB), 0 when the length is undefined. */
    public int control() {
        int len = length();
        return len > 0 ? u8(len - 1) : 0;
    }

    /** The LOGICAL BLOCK ADDRESS of the READ/WRITE-style layout of this length (may be negative for 16-byte). */
    public long lba() {
        switch (length()) {
            case 6: return (u8(1) & 0x1F) << 16 | u16(2);
            case 10:
            case 12: return u32(2);
            case 16: return u64(2);
            default: return 0;
        }
    }

    /** The TRANSFER LENGTH of the READ/WRITE-style layout of this length (READ(6)'s 0 is returned as 0). */
    public long transferLength() {
        switch (length()) {
            case 6: return u8(4);
            case 10: return u16(7);
            case 12: return u32(6);
            case 16: return u32(10);
            default: return 0;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(ScsiOpcode.name(opcode())).append(" [");
        int n = Math.max(0, Math.min(available, length() > 0 ? length() : available));
        for (int i = 0; i < n; i++) {
            sb.append(String.format(i == 0 ? "%02x" : " %02x", u8(i)));
        }
        return sb.append(']').toString();
    }
}
