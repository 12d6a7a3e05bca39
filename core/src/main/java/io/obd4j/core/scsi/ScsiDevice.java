package io.obd4j.core.scsi;

import io.obd4j.core.image.BlockDevice;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SCSI direct-access block device (SBC-3) over a {@link BlockDevice}: the one command implementation behind
 * both front ends (iSCSI target, TCMU ring). Emulated data (INQUIRY, VPD, MODE SENSE, READ CAPACITY) is
 * byte-identical to overlaybd-tcmu (spec tcmu-and-snapshotter.md §4.5–4.6).
 *
 * <h2>Calling convention</h2>
 * {@code execute(cdb, dataOut, dataIn)}: the CDB bytes from {@code cdb}'s position; data-out (WRITE data,
 * parameter lists) from {@code dataOut}'s position to its limit; data-in is written at {@code dataIn}'s position,
 * and {@code dataIn.remaining()} is the initiator's expected data-in length (iSCSI EDTL, TCMU iovec length).
 * Data-in is truncated to that length and to the command's ALLOCATION LENGTH. Positions and limits are the same
 * on return as on entry (the hot path narrows them while the device transfers, instead of allocating slices);
 * {@link ScsiResponse#dataInLength()} says how many bytes were produced. Either buffer may be null
 * when the command has no such data. {@code execute} never throws: every failure becomes CHECK CONDITION with
 * fixed-format sense (unknown opcode 20/00, bad field 24/00, LBA out of range 21/00, read-only 27/00 DATA
 * PROTECT, I/O error MEDIUM ERROR 11/00 on reads and 0C/00 on writes, unexpected bugs HARDWARE ERROR 44/00).
 *
 * <h2>Threading</h2>
 * Thread-safe and stateless per command: any number of threads may call {@code execute} at the same time (the
 * {@link BlockDevice} is thread-safe). Concurrent commands are unordered (SIMPLE task attribute); a front end
 * that needs ORDERED semantics serialises itself. {@code execute} blocks on device I/O: call it from a worker
 * thread, never from a Netty event loop or the TCMU ring poller. The buffers must not be touched by anyone else
 * until it returns.
 */
public final class ScsiDevice {
    private static final Logger LOG = LoggerFactory.getLogger(ScsiDevice.class);
    private static final int NACA = 0x04;

    private final LogicalUnit unit;
    private final Reservations reservations = new Reservations();
    private final CommandHandler[] table;

    private ScsiDevice(LogicalUnit unit) {
        this.unit = unit;
        this.table = CommandTable.build(unit, reservations);
    }

    /** Starts configuring a device over {@code device}; overlaybd's defaults (512-byte blocks, WCE off). */
    public static Builder builder(BlockDevice device) {
        return new Builder(device);
    }

    /** Executes one command with a new response (see the class comment for the buffer contract). */
    public ScsiResponse execute(ByteBuffer cdb, ByteBuffer dataOut, ByteBuffer dataIn) {
        return execute(new Cdb().wrap(cdb), dataOut, dataIn, new ScsiResponse());
    }

    /** Executes one command into a caller-owned response (reset first); returns {@code into}. */
    public ScsiResponse execute(Cdb cdb, ByteBuffer dataOut, ByteBuffer dataIn, ScsiResponse into) {
        return execute(cdb, dataOut, dataIn, into, ItNexus.LOCAL);
    }

    /**
     * Executes one command that arrived through {@code nexus} into a caller-owned response (reset first); returns
     * {@code into}. Reservations (RESERVE(6), PERSISTENT RESERVE OUT) are held per nexus, and a command that
     * conflicts with one another nexus holds ends in RESERVATION CONFLICT.
     */
    public ScsiResponse execute(Cdb cdb, ByteBuffer dataOut, ByteBuffer dataIn, ScsiResponse into, ItNexus nexus) {
        into.reset();
        ByteBuffer out = dataOut == null ? EMPTY : dataOut;
        ByteBuffer in = dataIn == null ? EMPTY : dataIn;
        CommandHandler handler = cdb.available() == 0 ? null : table[cdb.opcode()];
        DataDirection direction = DataDirection.NONE;
        try {
            if (handler == null || cdb.length() < 0) {
                throw new ScsiException(Sense.INVALID_OPCODE, ScsiOpcode.name(cdb.opcode()));
            }
            if (!cdb.isComplete()) {
                throw new ScsiException(Sense.INVALID_FIELD_IN_CDB, "CDB has " + cdb.available() + " of "
                    + cdb.length() + " bytes");
            }
            if ((cdb.control() & NACA) != 0) {
                throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(cdb.length() - 1, 2));
            }
            direction = handler.direction(cdb);
            if (reservations.active() && reservations.conflicts(cdb, nexus)) {
                throw ScsiException.reservationConflict();
            }
            long wanted = handler.execute(cdb, out, in, into, nexus);
            into.residual(wanted, expected(direction, out, in));
        } catch (ScsiException e) {
            fail(into, e, cdb, direction == DataDirection.OUT ? handler.dataOutLength(cdb) : 0,
                expected(direction, out, in));
        } catch (RuntimeException e) {
            LOG.error("{}: unexpected failure", cdb, e);
            fail(into, new ScsiException(Sense.INTERNAL_TARGET_FAILURE, e.toString(), e), cdb, 0,
                expected(direction, out, in));
        }
        return into;
    }

    /**
     * Executes {@code cdb} on the calling thread only if it is a READ whose bytes are all in memory
     * ({@link BlockDevice#readIfCached}: the page cache, never the device), so a front end may call it on its network
     * event loop and hand the command to a worker ({@link #execute}) when it returns false. True: {@code into} holds
     * the response and {@code dataIn} the data, exactly as {@link #execute} would have made them. False (not a READ,
     * not cached, a reservation in force, or a CDB the worker must refuse with its sense): {@code into} is
     * unspecified and nothing happened.
     */
    public boolean executeIfCached(Cdb cdb, ByteBuffer dataIn, ScsiResponse into, ItNexus nexus) {
        if (dataIn == null || cdb.available() == 0 || !cdb.isComplete() || (cdb.control() & NACA) != 0
            || reservations.active() || !(table[cdb.opcode()] instanceof ReadWriteCommands)) {
            return false;
        }
        into.reset();
        long wanted = ((ReadWriteCommands) table[cdb.opcode()]).readIfCached(cdb, dataIn, into);
        if (wanted < 0) {
            return false;
        }
        into.residual(wanted, dataIn.remaining());
        return true;
    }

    /**
     * CHECK CONDITION: no data-in. The residual compares what the command asked for with what was expected, so a
     * WRITE refused for too little data-out reports the overflow (libiscsi's write residual tests check it).
     */
    private static void fail(ScsiResponse rsp, ScsiException e, Cdb cdb, long wanted, long expected) {
        if (e.getCause() != null) {
            LOG.warn("{}: {}", cdb, e.getMessage(), e.getCause());
        } else {
            LOG.debug("{}: {}", cdb, e.getMessage());
        }
        if (e.sense() != null) {
            rsp.checkCondition(e.sense());
        } else {
            rsp.failed(e.status());
        }
        rsp.residual(wanted, expected);
    }

    /** The initiator's expected length; a command without data that was given a buffer anyway underflows it. */
    private static long expected(DataDirection direction, ByteBuffer out, ByteBuffer in) {
        switch (direction) {
            case IN: return in.remaining();
            case OUT: return out.remaining();
            default: return Math.max(in.remaining(), out.remaining());
        }
    }

    /** The data direction of {@code cdb}; NONE for unknown opcodes (they fail without a data phase). */
    public DataDirection dataDirection(Cdb cdb) {
        CommandHandler handler = cdb.available() == 0 ? null : table[cdb.opcode()];
        return handler == null || !cdb.isComplete() ? DataDirection.NONE : handler.direction(cdb);
    }

    /**
     * Data-out bytes {@code cdb} asks the initiator for (blocks × block size for WRITE, the parameter list length
     * for UNMAP/MODE SELECT, one block for WRITE SAME); 0 when it has no data-out or is malformed. The iSCSI
     * front end may use it to bound R2Ts; execute itself compares it with the data-out actually given.
     */
    public long expectedDataOutLength(Cdb cdb) {
        CommandHandler handler = cdb.available() == 0 ? null : table[cdb.opcode()];
        return handler == null || !cdb.isComplete() ? 0 : handler.dataOutLength(cdb);
    }

    /**
     * The front end lost {@code nexus} (logout, dropped connection, session reinstatement): the RESERVE(6)
     * reservation it held ends. Persistent reservations and registrations survive, as SPC-4 requires.
     */
    public void nexusLost(ItNexus nexus) {
        reservations.nexusLost(nexus);
    }

    /**
     * A LOGICAL UNIT RESET (or a target reset) reached this unit: the RESERVE(6) reservation ends (SAM-5 §6.3.2).
     * The front end aborts the tasks itself.
     */
    public void logicalUnitReset() {
        reservations.reset();
    }

    public BlockDevice blockDevice() {
        return unit.device;
    }

    public DeviceIdentity identity() {
        return unit.identity;
    }

    /** Logical block size in bytes (512 or 4096). */
    public int blockSize() {
        return unit.blockSize;
    }

    /** Number of logical blocks ({@code device size / block size}). */
    public long blockCount() {
        return unit.blockCount;
    }

    public boolean isReadOnly() {
        return unit.readOnly;
    }

    /** Stands in for a missing buffer: zero capacity, so nothing can be read from or written to it. */
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** Configuration of a {@link ScsiDevice}. */
    public static final class Builder {
        private final BlockDevice device;
        private DeviceIdentity identity = DeviceIdentity.overlaybd("", null);
        private int blockSize = 512;
        private boolean writeCacheEnabled;
        private boolean unmapEnabled = true;
        private long maxUnmapBlocks = 0xFFFF_FFFFL;
        private long maxTransferBlocks;
        private boolean writeSameNonZero;
        private int[] luns = {0};

        private Builder(BlockDevice device) {
            this.device = Objects.requireNonNull(device, "device");
        }

        /** INQUIRY identity; default overlaybd's vendor/product/revision with an empty serial. */
        public Builder identity(DeviceIdentity value) {
            this.identity = Objects.requireNonNull(value, "identity");
            return this;
        }

        /** Logical block size: 512 (default, overlaybd) or 4096 (also 1024, 2048). */
        public Builder blockSize(int value) {
            if (value != 512 && value != 1024 && value != 2048 && value != 4096) {
                throw new IllegalArgumentException("block size: expected 512, 1024, 2048 or 4096, found " + value);
            }
            this.blockSize = value;
            return this;
        }

        /** WCE bit of the caching mode page; overlaybd reports it off (default). */
        public Builder writeCacheEnabled(boolean value) {
            this.writeCacheEnabled = value;
            return this;
        }

        /** Logical block provisioning (UNMAP, WRITE SAME with UNMAP, VPD B0/B2 bits); on in overlaybd. */
        public Builder unmapEnabled(boolean value) {
            this.unmapEnabled = value;
            return this;
        }

        /**
         * MAXIMUM UNMAP LBA COUNT reported in VPD B0 and enforced per UNMAP descriptor. Default 0xFFFFFFFF, so B0
         * agrees with B2's LBPU (UNMAP is implemented). overlaybd reports 0 (SBC: "UNMAP not implemented") and so
         * steers Linux to WRITE SAME(16)+UNMAP for discards; set 0 for a B0 page byte-identical to overlaybd's.
         */
        public Builder maxUnmapBlockCount(long value) {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("max unmap block count: expected 0..2^32-1, found " + value);
            }
            this.maxUnmapBlocks = value;
            return this;
        }

        /**
         * MAXIMUM TRANSFER LENGTH (and OPTIMAL TRANSFER LENGTH, as libtcmu sets both) in VPD B0, in blocks; READ,
         * WRITE, WRITE AND VERIFY and VERIFY beyond it fail with INVALID FIELD IN CDB. Default 0 = not reported
         * (overlaybd). A front end with a per-command transfer limit (e.g. an iSCSI target's largest accepted
         * EDTL) should set it, so initiators split their I/O instead of failing.
         */
        public Builder maxTransferLength(long blocks) {
            if (blocks < 0 || blocks > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("max transfer length: expected 0..2^32-1 blocks, found " + blocks);
            }
            this.maxTransferBlocks = blocks;
            return this;
        }

        /**
         * WSNZ of VPD B0. Default false: WRITE SAME with 0 blocks writes (or unmaps) from the LBA to the end of the
         * unit, as SBC-3 allows and tgt and LIO do. overlaybd's page sets WSNZ=1 and refuses 0 blocks; set true for
         * a B0 page byte-identical to overlaybd's (with {@code maxUnmapBlockCount(0)}).
         */
        public Builder writeSameNonZero(boolean value) {
            this.writeSameNonZero = value;
            return this;
        }

        /** LUN numbers REPORT LUNS lists (0..16383); default just LUN 0. */
        public Builder reportedLuns(int... value) {
            for (int lun : value) {
                if (lun < 0 || lun > 0x3FFF) {
                    throw new IllegalArgumentException("LUN: expected 0..16383, found " + lun);
                }
            }
            this.luns = value.clone();
            return this;
        }

        public ScsiDevice build() {
            if (device.size() < blockSize) {
                throw new IllegalArgumentException("device size " + device.size() + " is below one block of "
                    + blockSize);
            }
            return new ScsiDevice(new LogicalUnit(device, identity, blockSize, writeCacheEnabled, unmapEnabled,
                maxUnmapBlocks, maxTransferBlocks, writeSameNonZero, luns));
        }
    }
}
