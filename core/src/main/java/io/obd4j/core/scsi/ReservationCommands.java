package io.obd4j.core.scsi;

import static io.obd4j.core.scsi.PersistentReserveFormat.ALL_TG_PT;
import static io.obd4j.core.scsi.PersistentReserveFormat.APTPL;
import static io.obd4j.core.scsi.PersistentReserveFormat.CAPABILITIES_LENGTH;
import static io.obd4j.core.scsi.PersistentReserveFormat.CDB_ALLOCATION_LENGTH;
import static io.obd4j.core.scsi.PersistentReserveFormat.CDB_PARAMETER_LIST_LENGTH;
import static io.obd4j.core.scsi.PersistentReserveFormat.CDB_SCOPE_TYPE;
import static io.obd4j.core.scsi.PersistentReserveFormat.CLEAR;
import static io.obd4j.core.scsi.PersistentReserveFormat.FULL_STATUS_DESCRIPTOR;
import static io.obd4j.core.scsi.PersistentReserveFormat.HEADER;
import static io.obd4j.core.scsi.PersistentReserveFormat.PARAMETER_LIST_LENGTH;
import static io.obd4j.core.scsi.PersistentReserveFormat.PARAM_FLAGS;
import static io.obd4j.core.scsi.PersistentReserveFormat.PARAM_KEY;
import static io.obd4j.core.scsi.PersistentReserveFormat.PARAM_SA_KEY;
import static io.obd4j.core.scsi.PersistentReserveFormat.PREEMPT;
import static io.obd4j.core.scsi.PersistentReserveFormat.PREEMPT_AND_ABORT;
import static io.obd4j.core.scsi.PersistentReserveFormat.READ_FULL_STATUS;
import static io.obd4j.core.scsi.PersistentReserveFormat.READ_KEYS;
import static io.obd4j.core.scsi.PersistentReserveFormat.READ_RESERVATION;
import static io.obd4j.core.scsi.PersistentReserveFormat.REGISTER;
import static io.obd4j.core.scsi.PersistentReserveFormat.REGISTER_AND_IGNORE;
import static io.obd4j.core.scsi.PersistentReserveFormat.RELEASE;
import static io.obd4j.core.scsi.PersistentReserveFormat.REPORT_CAPABILITIES;
import static io.obd4j.core.scsi.PersistentReserveFormat.RESERVATION_DESCRIPTOR;
import static io.obd4j.core.scsi.PersistentReserveFormat.RESERVATION_SCOPE_TYPE;
import static io.obd4j.core.scsi.PersistentReserveFormat.RESERVE;
import static io.obd4j.core.scsi.PersistentReserveFormat.R_HOLDER;
import static io.obd4j.core.scsi.PersistentReserveFormat.SPEC_I_PT;
import static io.obd4j.core.scsi.PersistentReserveFormat.TMV;
import static io.obd4j.core.scsi.PersistentReserveFormat.TYPE_MASK;
import static io.obd4j.core.scsi.PersistentReserveFormat.validType;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * RESERVE(6/10), RELEASE(6/10) (SPC-2 reservations) and PERSISTENT RESERVE IN/OUT (SPC-4 §6.15, §6.16; layouts in
 * {@link PersistentReserveFormat}) over the unit's {@link Reservations}. Supported: the six reservation types, LU
 * scope, REGISTER, REGISTER AND IGNORE EXISTING KEY, RESERVE, RELEASE, CLEAR, PREEMPT; PREEMPT AND ABORT preempts
 * like PREEMPT but cannot abort other nexuses' tasks (that belongs to the front end). Not supported, as REPORT
 * CAPABILITIES says: APTPL (PTPL_C=0), SPEC_I_PT, ALL_TG_PT, REGISTER AND MOVE. No unit attentions are raised for
 * preempted or released registrants. Third-party RESERVE(10) is refused.
 */
final class ReservationCommands implements CommandHandler {
    private static final int RESERVE_10_THIRD_PARTY_LONGID = 0x12;

    private final Reservations reservations;

    ReservationCommands(Reservations reservations) {
        this.reservations = reservations;
    }

    @Override
    public DataDirection direction(Cdb cdb) {
        switch (cdb.opcode()) {
            case ScsiOpcode.PERSISTENT_RESERVE_IN: return DataDirection.IN;
            case ScsiOpcode.PERSISTENT_RESERVE_OUT: return dataOutLength(cdb) > 0 ? DataDirection.OUT
                : DataDirection.NONE;
            default: return DataDirection.NONE;
        }
    }

    @Override
    public long dataOutLength(Cdb cdb) {
        return cdb.opcode() == ScsiOpcode.PERSISTENT_RESERVE_OUT ? cdb.u32(CDB_PARAMETER_LIST_LENGTH) : 0;
    }

    @Override
    public long execute(Cdb cdb, ByteBuffer dataOut, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        return execute(cdb, dataOut, dataIn, rsp, ItNexus.LOCAL);
    }

    @Override
    public long execute(Cdb cdb, ByteBuffer dataOut, ByteBuffer dataIn, ScsiResponse rsp, ItNexus nexus)
            throws ScsiException {
        switch (cdb.opcode()) {
            case ScsiOpcode.PERSISTENT_RESERVE_IN:
                return reserveIn(cdb, dataIn, rsp, nexus);
            case ScsiOpcode.PERSISTENT_RESERVE_OUT:
                return reserveOut(cdb, dataOut, nexus);
            case ScsiOpcode.RESERVE_6:
            case ScsiOpcode.RESERVE_10:
                checkSpc2Cdb(cdb);
                if (!reservations.reserve(nexus)) {
                    throw ScsiException.reservationConflict();
                }
                return 0;
            default:
                checkSpc2Cdb(cdb);
                if (!reservations.release(nexus)) {
                    throw ScsiException.reservationConflict();
                }
                return 0;
        }
    }

    /** The obsolete extent/third-party forms are refused: only whole-unit reservations by the sender. */
    private static void checkSpc2Cdb(Cdb cdb) throws ScsiException {
        int bad = cdb.length() == 6 ? cdb.flags() : cdb.flags() & RESERVE_10_THIRD_PARTY_LONGID;
        if (bad != 0) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 31 - Integer.numberOfLeadingZeros(
                bad)));
        }
    }

    private long reserveIn(Cdb cdb, ByteBuffer dataIn, ScsiResponse rsp, ItNexus nexus) throws ScsiException {
        if (reservations.spc2ReservedByOther(nexus)) {
            throw ScsiException.reservationConflict();
        }
        byte[] data;
        switch (cdb.serviceAction()) {
            case READ_KEYS:
                data = readKeys();
                break;
            case READ_RESERVATION:
                data = readReservation();
                break;
            case REPORT_CAPABILITIES:
                data = new byte[CAPABILITIES_LENGTH];
                data[1] = CAPABILITIES_LENGTH;
                data[3] = (byte) TMV;
                data[4] = (byte) (TYPE_MASK >>> 8);
                data[5] = (byte) TYPE_MASK;
                break;
            case READ_FULL_STATUS:
                data = readFullStatus();
                break;
            default:
                throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 4),
                    "PERSISTENT RESERVE IN service action " + cdb.serviceAction());
        }
        return DataIn.copy(data, data.length, cdb.u16(CDB_ALLOCATION_LENGTH), dataIn, rsp);
    }

    private byte[] readKeys() {
        synchronized (reservations) {
            List<Long> keys = reservations.keys();
            ByteBuffer b = ByteBuffer.allocate(HEADER + 8 * keys.size());
            b.putInt(reservations.generation()).putInt(8 * keys.size());
            keys.forEach(b::putLong);
            return b.array();
        }
    }

    private byte[] readReservation() {
        synchronized (reservations) {
            int type = reservations.type();
            ByteBuffer b = ByteBuffer.allocate(HEADER + (type == 0 ? 0 : RESERVATION_DESCRIPTOR));
            b.putInt(reservations.generation()).putInt(type == 0 ? 0 : RESERVATION_DESCRIPTOR);
            if (type != 0) {
                b.putLong(reservations.reservationKey());
                b.put(HEADER + RESERVATION_SCOPE_TYPE, (byte) type);
            }
            return b.array();
        }
    }

    private byte[] readFullStatus() {
        synchronized (reservations) {
            List<Map.Entry<ItNexus, Long>> regs = reservations.registrations();
            int length = 0;
            for (Map.Entry<ItNexus, Long> r : regs) {
                length += FULL_STATUS_DESCRIPTOR + r.getKey().transportId().length;
            }
            ByteBuffer b = ByteBuffer.allocate(HEADER + length);
            b.putInt(reservations.generation()).putInt(length);
            for (Map.Entry<ItNexus, Long> r : regs) {
                byte[] id = r.getKey().transportId();
                int at = b.position();
                b.putLong(r.getValue());
                if (reservations.holds(r.getKey())) {
                    b.put(at + 12, (byte) R_HOLDER).put(at + 13, (byte) reservations.type());
                }
                b.putShort(at + 18, (short) 1).putInt(at + 20, id.length);
                b.position(at + FULL_STATUS_DESCRIPTOR);
                b.put(id);
            }
            return b.array();
        }
    }

    private long reserveOut(Cdb cdb, ByteBuffer dataOut, ItNexus nexus) throws ScsiException {
        if (reservations.spc2ReservedByOther(nexus)) {
            throw ScsiException.reservationConflict();
        }
        int action = cdb.serviceAction();
        if (action > REGISTER_AND_IGNORE) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(1, 4),
                "PERSISTENT RESERVE OUT service action " + action);
        }
        long listLength = cdb.u32(CDB_PARAMETER_LIST_LENGTH);
        if (listLength != PARAMETER_LIST_LENGTH) {
            throw new ScsiException(Sense.PARAMETER_LIST_LENGTH_ERROR, "PERSISTENT RESERVE OUT parameter list of "
                + listLength + " bytes, expected 24");
        }
        BlockIo.requireDataOut(dataOut, PARAMETER_LIST_LENGTH);
        int base = dataOut.position();
        long key = BigEndian.s64(dataOut, base + PARAM_KEY);
        long saKey = BigEndian.s64(dataOut, base + PARAM_SA_KEY);
        int flags = dataOut.get(base + PARAM_FLAGS);
        if ((flags & (SPEC_I_PT | ALL_TG_PT | APTPL)) != 0) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_PARAMETER_LIST, "SPEC_I_PT/ALL_TG_PT/APTPL unsupported");
        }
        int type = cdb.u8(CDB_SCOPE_TYPE) & 0x0F;
        boolean typed = action == RESERVE || action == RELEASE || action == PREEMPT || action == PREEMPT_AND_ABORT;
        if (typed && (cdb.u8(CDB_SCOPE_TYPE) >>> 4 != 0 || !validType(type))) {
            throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(CDB_SCOPE_TYPE, -1),
                "scope/type 0x" + Integer.toHexString(cdb.u8(CDB_SCOPE_TYPE)));
        }
        switch (action) {
            case REGISTER:
            case REGISTER_AND_IGNORE:
                reservations.register(nexus, key, saKey, action == REGISTER_AND_IGNORE);
                break;
            case RESERVE:
                reservations.reserve(nexus, key, type);
                break;
            case RELEASE:
                if (!reservations.release(nexus, key, type)) {
                    throw new ScsiException(Sense.INVALID_RELEASE_OF_PERSISTENT_RESERVATION);
                }
                break;
            case CLEAR:
                reservations.clear(nexus, key);
                break;
            default:
                if (!reservations.preempt(nexus, key, saKey, type)) {
                    throw new ScsiException(Sense.INVALID_FIELD_IN_PARAMETER_LIST, "PREEMPT of key 0 without an "
                        + "all-registrants reservation");
                }
        }
        return PARAMETER_LIST_LENGTH;
    }
}
