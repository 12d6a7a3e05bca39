package io.obd4j.core.scsi;

import java.nio.ByteBuffer;

/**
 * WRITE SAME(10/16) and UNMAP, as VPD B0/B2 advertise them: 0 blocks means "to the end of the unit" (or INVALID
 * FIELD IN CDB with WSNZ, as overlaybd), no ANCHOR
 * support, at most {@link InquiryFormat#MAX_UNMAP_DESCRIPTORS} UNMAP descriptors. WRITE SAME with UNMAP of an
 * all-zero block (or NDOB) discards the range — overlaybd punches a hole; LBPRZ says unmapped blocks read as
 * zeros — any other pattern is written block by block. WRITE SAME needs exactly one block of data-out.
 */
final class ProvisioningCommands implements CommandHandler {
    private static final int ANCHOR = 0x10;
    private static final int UNMAP = 0x08;
    private static final int NDOB = 0x01;
    private static final int PATTERN_CHUNK = 256 * 1024;

    private final LogicalUnit unit;
    private final BlockIo io;

    ProvisioningCommands(LogicalUnit unit) {
        this.unit = unit;
        this.io = new BlockIo(unit);
    }

    private static boolean noDataOut(Cdb cdb) {
        return cdb.opcode() == ScsiOpcode.WRITE_SAME_16 && (cdb.flags() & NDOB) != 0;
    }

    @Override
    public DataDirection direction(Cdb cdb) {
        return dataOutLength(cdb) > 0 ? DataDirection.OUT : DataDirection.NONE;
    }

    @Override
    public long dataOutLength(Cdb cdb) {
        if (cdb.opcode() == ScsiOpcode.UNMAP) {
            return cdb.u16(UnmapFormat.CDB_PARAMETER_LIST_LENGTH);
        }
        return noDataOut(cdb) ? 0 : unit.blockSize;
    }

    @Override
    public long execute(Cdb cdb, ByteBuffer dataOut, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        return cdb.opcode() == ScsiOpcode.UNMAP ? unmap(cdb, dataOut) : writeSame(cdb, dataOut);
    }

    private long writeSame(Cdb cdb, ByteBuffer dataOut) throws ScsiException {
        BlockIo.requireNoProtection(cdb);
        int flags = cdb.flags();
        if ((flags & ANCHOR) != 0 || (flags & UNMAP) != 0 && !unit.unmapEnabled) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, (flags & ANCHOR) != 0 ? 4 : 3));
        }
        long lba = cdb.lba();
        long blocks = cdb.transferLength();
        if (blocks == 0 && unit.writeSameNonZero) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(cdb.length() == 10 ? 7 : 10, -1),
                "WSNZ: 0 blocks");
        }
        unit.checkRange(lba, blocks);
        if (blocks == 0) {
            blocks = unit.blockCount - lba;
        }
        unit.checkWritable();
        boolean ndob = noDataOut(cdb);
        long needed = ndob ? 0 : unit.blockSize;
        if (dataOut.remaining() != needed) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_INFORMATION_UNIT,
                "WRITE SAME needs " + needed + " data-out bytes, got " + dataOut.remaining());
        }
        boolean zero = ndob || isZero(dataOut);
        if (blocks == 0) {
            return needed;
        }
        if (zero && (flags & UNMAP) != 0) {
            io.discard(lba, blocks);
        } else {
            writePattern(lba, blocks, ndob ? null : dataOut);
        }
        return needed;
    }

    private static boolean isZero(ByteBuffer block) {
        for (int i = block.position(); i < block.limit(); i++) {
            if (block.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Writes {@code block} (null: zeros) to every block of the range, a chunk of repeated blocks at a time. */
    private void writePattern(long lba, long blocks, ByteBuffer block) throws ScsiException {
        int perChunk = (int) Math.min(blocks, PATTERN_CHUNK >> unit.blockShift);
        ByteBuffer chunk = ByteBuffer.allocate(perChunk << unit.blockShift);
        if (block != null) {
            for (int i = 0; i < perChunk; i++) {
                chunk.put(i << unit.blockShift, block, block.position(), unit.blockSize);
            }
        }
        long done = 0;
        while (done < blocks) {
            int n = (int) Math.min(perChunk, blocks - done);
            chunk.clear().limit(n << unit.blockShift);
            io.write(lba + done, chunk);
            done += n;
        }
    }

    private long unmap(Cdb cdb, ByteBuffer dataOut) throws ScsiException {
        if (!unit.unmapEnabled) {
            throw new ScsiException(Sense.INVALID_OPCODE, "logical block provisioning is disabled");
        }
        if ((cdb.flags() & UnmapFormat.CDB_ANCHOR) != 0) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 0));
        }
        int listLength = cdb.u16(UnmapFormat.CDB_PARAMETER_LIST_LENGTH);
        unit.checkWritable();
        if (listLength == 0) {
            return 0;
        }
        if (listLength < UnmapFormat.HEADER_LENGTH) {
            throw new ScsiException(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        BlockIo.requireDataOut(dataOut, listLength);
        int base = dataOut.position();
        int descriptorBytes = Math.min(BigEndian.u16(dataOut, base + UnmapFormat.DESCRIPTOR_DATA_LENGTH),
            listLength - UnmapFormat.HEADER_LENGTH);
        int count = descriptorBytes / UnmapFormat.DESCRIPTOR_LENGTH;
        if (count > InquiryFormat.MAX_UNMAP_DESCRIPTORS) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_PARAMETER_LIST, count + " block descriptors");
        }
        for (int i = 0; i < count; i++) {
            int at = base + UnmapFormat.HEADER_LENGTH + i * UnmapFormat.DESCRIPTOR_LENGTH;
            long blocks = BigEndian.u32(dataOut, at + UnmapFormat.DESCRIPTOR_BLOCKS);
            if (unit.maxUnmapBlocks != 0 && blocks > unit.maxUnmapBlocks) {
                throw new ScsiException(Sense.INVALID_FIELD_IN_PARAMETER_LIST, blocks + " blocks in one descriptor");
            }
            unit.checkRange(BigEndian.s64(dataOut, at + UnmapFormat.DESCRIPTOR_LBA), blocks);
        }
        for (int i = 0; i < count; i++) {
            int at = base + UnmapFormat.HEADER_LENGTH + i * UnmapFormat.DESCRIPTOR_LENGTH;
            long blocks = BigEndian.u32(dataOut, at + UnmapFormat.DESCRIPTOR_BLOCKS);
            if (blocks > 0) {
                io.discard(BigEndian.s64(dataOut, at + UnmapFormat.DESCRIPTOR_LBA), blocks);
            }
        }
        return listLength;
    }
}
