package io.obd4j.core.scsi;

import java.nio.ByteBuffer;

/**
 * READ CAPACITY(10), SERVICE ACTION IN(16) / READ CAPACITY(16), laid out by {@link CapacityFormat}, and GET LBA
 * STATUS. The block device does not say which blocks are allocated, so GET LBA STATUS answers one descriptor
 * "mapped or unknown" (provisioning status 0, SBC-3 §5.4) from the starting LBA to the end of the unit (at most
 * 2^32-1 blocks).
 */
final class CapacityCommands implements DataInHandler {
    private final LogicalUnit unit;
    private final byte[] rc10;
    private final byte[] rc16;

    CapacityCommands(LogicalUnit unit) {
        this.unit = unit;
        long last = unit.blockCount - 1;
        ByteBuffer b10 = ByteBuffer.allocate(CapacityFormat.RC10_LENGTH);
        b10.putInt(CapacityFormat.LAST_LBA, last >= 0xFFFF_FFFFL ? -1 : (int) last);
        b10.putInt(CapacityFormat.RC10_BLOCK_LENGTH, unit.blockSize);
        rc10 = b10.array();
        ByteBuffer b16 = ByteBuffer.allocate(CapacityFormat.RC16_LENGTH);
        b16.putLong(CapacityFormat.LAST_LBA, last);
        b16.putInt(CapacityFormat.RC16_BLOCK_LENGTH, unit.blockSize);
        b16.put(CapacityFormat.RC16_PROVISIONING,
            (byte) (CapacityFormat.LBPRZ | (unit.unmapEnabled ? CapacityFormat.LBPME : 0)));
        rc16 = b16.array();
    }

    @Override
    public long execute(Cdb cdb, ByteBuffer dataOut, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        if (cdb.opcode() == ScsiOpcode.READ_CAPACITY_10) {
            return readCapacity10(cdb, dataIn, rsp);
        }
        if (cdb.serviceAction() == ScsiOpcode.SAI_GET_LBA_STATUS) {
            return getLbaStatus(cdb, dataIn, rsp);
        }
        if (cdb.serviceAction() != ScsiOpcode.SAI_READ_CAPACITY_16) {
            // overlaybd answers every other SERVICE ACTION IN(16) as an unsupported command (spec §4.5)
            throw new ScsiException(Sense.INVALID_OPCODE, "service action 0x" + Integer.toHexString(cdb.flags()));
        }
        if ((cdb.flags() & 0xE0) != 0) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 7));
        }
        return DataIn.copy(rc16, rc16.length, cdb.u32(CapacityFormat.RC16_ALLOCATION_LENGTH), dataIn, rsp);
    }

    private long getLbaStatus(Cdb cdb, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        long lba = cdb.u64(2);
        if (lba < 0 || lba >= unit.blockCount) {
            throw new ScsiException(Sense.LBA_OUT_OF_RANGE, "GET LBA STATUS at " + Long.toUnsignedString(lba));
        }
        ByteBuffer b = ByteBuffer.allocate(CapacityFormat.LBA_STATUS_LENGTH);
        b.putInt(CapacityFormat.LBA_STATUS_PARAMETER_LENGTH, CapacityFormat.LBA_STATUS_LENGTH - 4);
        b.putLong(CapacityFormat.LBA_STATUS_DESCRIPTOR, lba);
        b.putInt(CapacityFormat.LBA_STATUS_DESCRIPTOR + 8, (int) Math.min(unit.blockCount - lba, 0xFFFF_FFFFL));
        return DataIn.copy(b.array(), b.capacity(), cdb.u32(CapacityFormat.RC16_ALLOCATION_LENGTH), dataIn, rsp);
    }

    /** tcmu-runner rejects the obsolete RELADR and PMI bits; SBC-3 requires LBA 0 without PMI. */
    private long readCapacity10(Cdb cdb, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        if ((cdb.flags() & 0x01) != 0) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 0));
        }
        if ((cdb.u8(8) & 0x01) != 0) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(8, 0));
        }
        if (cdb.u32(2) != 0) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(2, -1));
        }
        return DataIn.copy(rc10, rc10.length, rc10.length, dataIn, rsp);
    }
}
