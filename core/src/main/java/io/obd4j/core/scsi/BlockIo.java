package io.obd4j.core.scsi;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Block transfers between the caller's buffers and the {@link io.obd4j.core.image.BlockDevice}: the caller's buffers
 * go straight to the device, narrowed by position/limit and restored afterwards (no copy and no allocation on the
 * hot path); I/O errors become MEDIUM ERROR.
 */
final class BlockIo {
    private final LogicalUnit unit;

    BlockIo(LogicalUnit unit) {
        this.unit = unit;
    }

    /**
     * Reads {@code length} bytes from block {@code lba} into {@code dataIn} at its position ({@code length} may
     * end inside a block when the initiator expects less than whole blocks).
     */
    void read(long lba, int length, ByteBuffer dataIn) throws ScsiException {
        int whole = length & -unit.blockSize;
        int at = dataIn.position();
        int limit = dataIn.limit();
        try {
            if (whole > 0) {
                dataIn.limit(at + whole);
                unit.device.read(dataIn, unit.byteOffset(lba));
                dataIn.limit(limit).position(at);
            }
            int tail = length - whole;
            if (tail > 0) {
                ByteBuffer block = ByteBuffer.allocate(unit.blockSize);
                unit.device.read(block, unit.byteOffset(lba) + whole);
                dataIn.put(at + whole, block.array(), 0, tail);
            }
        } catch (IOException e) {
            throw new ScsiException(Sense.UNRECOVERED_READ_ERROR, "read at lba " + lba, e);
        } finally {
            dataIn.limit(limit).position(at);
        }
    }

    /**
     * {@link #read(long, int, ByteBuffer)} only if the device holds all of it in memory
     * ({@link io.obd4j.core.image.BlockDevice#readIfCached}); false when {@code length} ends inside a block, the
     * bytes are not cached, or the attempt failed (a worker then reads and reports any error).
     */
    boolean readIfCached(long lba, int length, ByteBuffer dataIn) {
        if ((length & (unit.blockSize - 1)) != 0) {
            return false;
        }
        int at = dataIn.position();
        int limit = dataIn.limit();
        try {
            dataIn.limit(at + length);
            return unit.device.readIfCached(dataIn, unit.byteOffset(lba));
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            dataIn.limit(limit).position(at);
        }
    }

    /** Reads {@code dst.remaining()} bytes (whole blocks) from block {@code lba} into {@code dst}. */
    void read(long lba, ByteBuffer dst) throws ScsiException {
        try {
            unit.device.read(dst, unit.byteOffset(lba));
        } catch (IOException e) {
            throw new ScsiException(Sense.UNRECOVERED_READ_ERROR, "read at lba " + lba, e);
        }
    }

    /** Writes {@code length} bytes (whole blocks) of {@code dataOut} from {@code offset} to block {@code lba}. */
    void write(long lba, ByteBuffer dataOut, int offset, int length) throws ScsiException {
        int at = dataOut.position();
        int limit = dataOut.limit();
        try {
            dataOut.limit(at + offset + length).position(at + offset);
            unit.device.write(dataOut, unit.byteOffset(lba));
        } catch (IOException e) {
            throw new ScsiException(Sense.WRITE_ERROR, "write at lba " + lba, e);
        } finally {
            dataOut.limit(limit).position(at);
        }
    }

    /** Writes {@code src} (whole blocks) to block {@code lba}. */
    void write(long lba, ByteBuffer src) throws ScsiException {
        try {
            unit.device.write(src, unit.byteOffset(lba));
        } catch (IOException e) {
            throw new ScsiException(Sense.WRITE_ERROR, "write at lba " + lba, e);
        }
    }

    void discard(long lba, long blocks) throws ScsiException {
        try {
            unit.device.discard(unit.byteOffset(lba), unit.bytes(blocks));
        } catch (IOException e) {
            throw new ScsiException(Sense.WRITE_ERROR, "discard at lba " + lba, e);
        }
    }

    /** Flushes a writable device; a read-only one has nothing to flush. */
    void flush() throws ScsiException {
        if (unit.readOnly) {
            return;
        }
        try {
            unit.device.flush();
        } catch (IOException e) {
            throw new ScsiException(Sense.WRITE_ERROR, "flush", e);
        }
    }

    /**
     * Fails with INVALID FIELD IN COMMAND INFORMATION UNIT when the initiator sent fewer data-out bytes than the
     * command needs (libiscsi's write residual tests accept this or a truncated write; nothing is written).
     */
    static void requireDataOut(ByteBuffer dataOut, long needed) throws ScsiException {
        if (dataOut.remaining() < needed) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_INFORMATION_UNIT,
                "command needs " + needed + " data-out bytes, got " + dataOut.remaining());
        }
    }

    /**
     * Fails with INVALID FIELD IN CDB when DPO (0x10) or FUA (0x08) is set in {@code mask}'s bits of byte 1: MODE
     * SENSE reports DPOFUA=0 (overlaybd's header), so SBC-3 has the device refuse them, as libiscsi checks.
     */
    static void requireNoDpoFua(Cdb cdb, int mask) throws ScsiException {
        int bits = cdb.flags() & mask;
        if (bits != 0) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, (bits & DPO) != 0 ? 4 : 3));
        }
    }

    static final int DPO = 0x10;
    static final int FUA = 0x08;

    /** Fails with INVALID FIELD IN CDB when a *PROTECT field (byte 1 bits 7..5) is set: no protection info. */
    static void requireNoProtection(Cdb cdb) throws ScsiException {
        if ((cdb.flags() & 0xE0) != 0) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 7));
        }
    }
}
