package io.obd4j.core.scsi;

import static io.obd4j.core.scsi.PersistentReserveFormat.allRegistrants;
import static io.obd4j.core.scsi.PersistentReserveFormat.registrantsAccess;
import static io.obd4j.core.scsi.PersistentReserveFormat.writeExclusive;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reservation state of one logical unit: the SPC-2 reservation of RESERVE(6)/(10) and the persistent
 * reservation registrations and reservation of PERSISTENT RESERVE OUT (SPC-4 §5.9, LU scope only, not persisted
 * through power loss). Decides RESERVATION CONFLICT for every command (SPC-4 table 62 / SBC-3 table 13). Thread-safe:
 * the state changes under this object's lock; {@link #active} is a volatile flag that keeps the per-command check
 * free while nothing is reserved.
 */
final class Reservations {
    /** How a command is treated by a reservation it does not hold. */
    enum Access { ALWAYS, READ, WRITE }

    private static final Access[] ACCESS = accessTable();

    private final Map<ItNexus, Long> registrations = new LinkedHashMap<>();
    private ItNexus spc2Holder;
    private ItNexus holder;
    private int type;
    private int generation;
    private volatile boolean active;

    private static Access[] accessTable() {
        Access[] a = new Access[256];
        java.util.Arrays.fill(a, Access.WRITE);
        for (int op : new int[] {ScsiOpcode.INQUIRY, ScsiOpcode.REPORT_LUNS, ScsiOpcode.REQUEST_SENSE,
            ScsiOpcode.TEST_UNIT_READY, ScsiOpcode.READ_CAPACITY_10, ScsiOpcode.MAINTENANCE_IN,
            ScsiOpcode.PERSISTENT_RESERVE_IN, ScsiOpcode.PERSISTENT_RESERVE_OUT}) {
            a[op] = Access.ALWAYS;
        }
        for (int op : new int[] {ScsiOpcode.READ_6, ScsiOpcode.READ_10, ScsiOpcode.READ_12, ScsiOpcode.READ_16,
            ScsiOpcode.VERIFY_10, ScsiOpcode.VERIFY_12, ScsiOpcode.VERIFY_16, ScsiOpcode.MODE_SENSE_6,
            ScsiOpcode.MODE_SENSE_10, ScsiOpcode.PRE_FETCH_10, ScsiOpcode.PRE_FETCH_16,
            ScsiOpcode.SERVICE_ACTION_IN_16}) {
            a[op] = Access.READ;
        }
        return a;
    }

    /** True while any reservation exists (a command may conflict). */
    boolean active() {
        return active;
    }

    /** True when {@code cdb} from {@code nexus} must end in RESERVATION CONFLICT. */
    synchronized boolean conflicts(Cdb cdb, ItNexus nexus) {
        int op = cdb.opcode();
        if (spc2Holder != null && !spc2Holder.equals(nexus)) {
            return op != ScsiOpcode.INQUIRY && op != ScsiOpcode.REPORT_LUNS && op != ScsiOpcode.REQUEST_SENSE
                && op != ScsiOpcode.RELEASE_6 && op != ScsiOpcode.RELEASE_10;
        }
        if (type == 0 || hasFullAccess(nexus)) {
            return false;
        }
        Access access = op == ScsiOpcode.SERVICE_ACTION_IN_16
            && cdb.serviceAction() == ScsiOpcode.SAI_READ_CAPACITY_16 ? Access.ALWAYS : ACCESS[op];
        return access == Access.WRITE || access == Access.READ && !writeExclusive(type);
    }

    private boolean hasFullAccess(ItNexus nexus) {
        return nexus.equals(holder) || registrantsAccess(type) && registrations.containsKey(nexus);
    }

    // ---- SPC-2 RESERVE / RELEASE ----

    /** RESERVE(6/10): false (conflict) when another nexus holds it or persistent registrations exist. */
    synchronized boolean reserve(ItNexus nexus) {
        if (spc2Holder != null && !spc2Holder.equals(nexus) || !registrations.isEmpty()) {
            return false;
        }
        spc2Holder = nexus;
        update();
        return true;
    }

    /** RELEASE(6/10): releases the holder's reservation; from anyone else a no-op. False when PRs exist. */
    synchronized boolean release(ItNexus nexus) {
        if (!registrations.isEmpty()) {
            return false;
        }
        if (nexus.equals(spc2Holder)) {
            spc2Holder = null;
            update();
        }
        return true;
    }

    /** I_T nexus loss (logout, dropped connection): its SPC-2 reservation ends; registrations persist. */
    synchronized void nexusLost(ItNexus nexus) {
        if (nexus.equals(spc2Holder)) {
            spc2Holder = null;
            update();
        }
    }

    /** LOGICAL UNIT RESET and target resets end the SPC-2 reservation (SAM-5 §6.3.2); registrations persist. */
    synchronized void reset() {
        spc2Holder = null;
        update();
    }

    private void update() {
        active = spc2Holder != null || type != 0;
    }

    // ---- persistent reservations ----

    synchronized boolean spc2ReservedByOther(ItNexus nexus) {
        return spc2Holder != null && !spc2Holder.equals(nexus);
    }

    synchronized int generation() {
        return generation;
    }

    synchronized List<Long> keys() {
        return new ArrayList<>(registrations.values());
    }

    /** The reservation type (0 = none). */
    synchronized int type() {
        return type;
    }

    /** The key READ RESERVATION reports: the holder's, or 0 for the all-registrants types. */
    synchronized long reservationKey() {
        return type == 0 || allRegistrants(type) ? 0 : registrations.getOrDefault(holder, 0L);
    }

    /** The registrations with whether each holds the reservation (READ FULL STATUS). */
    synchronized List<Map.Entry<ItNexus, Long>> registrations() {
        return new ArrayList<>(registrations.entrySet());
    }

    synchronized boolean holds(ItNexus nexus) {
        return type != 0 && (allRegistrants(type) ? registrations.containsKey(nexus) : nexus.equals(holder));
    }

    /**
     * REGISTER ({@code ignoreKey} false) and REGISTER AND IGNORE EXISTING KEY: a new key of 0 unregisters (and
     * releases the reservation the nexus held alone). Throws RESERVATION CONFLICT when {@code key} is not the
     * registered key (none registered: it must be 0).
     */
    synchronized void register(ItNexus nexus, long key, long newKey, boolean ignoreKey) throws ScsiException {
        Long current = registrations.get(nexus);
        if (!ignoreKey && (current == null ? key != 0 : current != key)) {
            throw ScsiException.reservationConflict();
        }
        if (current == null && newKey == 0) {
            return;
        }
        if (newKey == 0) {
            unregister(nexus);
        } else {
            registrations.put(nexus, newKey);
        }
        generation++;
    }

    private void unregister(ItNexus nexus) {
        registrations.remove(nexus);
        if (type != 0 && (allRegistrants(type) ? registrations.isEmpty() : nexus.equals(holder))) {
            releaseReservation();
        }
    }

    private void releaseReservation() {
        type = 0;
        holder = null;
        update();
    }

    /** Fails with RESERVATION CONFLICT unless {@code nexus} is registered with {@code key}. */
    private void checkRegistered(ItNexus nexus, long key) throws ScsiException {
        Long current = registrations.get(nexus);
        if (current == null || current != key) {
            throw ScsiException.reservationConflict();
        }
    }

    /** RESERVE: a registered nexus takes the reservation; re-reserving with the same type is a no-op. */
    synchronized void reserve(ItNexus nexus, long key, int newType) throws ScsiException {
        checkRegistered(nexus, key);
        if (type != 0) {
            if (!holds(nexus) || type != newType) {
                throw ScsiException.reservationConflict();
            }
            return;
        }
        type = newType;
        holder = nexus;
        update();
    }

    /**
     * RELEASE: the holder releases; a non-holder's RELEASE is a no-op. Returns false when the holder names another
     * type (INVALID RELEASE OF PERSISTENT RESERVATION).
     */
    synchronized boolean release(ItNexus nexus, long key, int releaseType) throws ScsiException {
        checkRegistered(nexus, key);
        if (!holds(nexus)) {
            return true;
        }
        if (releaseType != type) {
            return false;
        }
        releaseReservation();
        return true;
    }

    /** CLEAR: every registration and the reservation go. */
    synchronized void clear(ItNexus nexus, long key) throws ScsiException {
        checkRegistered(nexus, key);
        registrations.clear();
        releaseReservation();
        generation++;
    }

    /**
     * PREEMPT (SPC-4 §5.9.11.4): removes the registrations of {@code victimKey}; when that key holds the reservation
     * (or it is 0 under an all-registrants reservation) the preempting nexus takes it with {@code newType}. Returns
     * false when {@code victimKey} is 0 without a reservation to preempt (INVALID FIELD IN PARAMETER LIST).
     */
    synchronized boolean preempt(ItNexus nexus, long key, long victimKey, int newType) throws ScsiException {
        checkRegistered(nexus, key);
        boolean allReg = type != 0 && allRegistrants(type);
        boolean takesReservation = allReg ? victimKey == 0
            : type != 0 && registrations.getOrDefault(holder, 0L) == victimKey;
        if (takesReservation) {
            registrations.entrySet().removeIf(e -> !e.getKey().equals(nexus) && (victimKey == 0
                || e.getValue() == victimKey));
            type = newType;
            holder = nexus;
            update();
        } else {
            if (victimKey == 0) {
                return false;
            }
            if (!removeKey(victimKey)) {
                throw ScsiException.reservationConflict();
            }
            if (type != 0 && (allReg ? registrations.isEmpty() : !registrations.containsKey(holder))) {
                releaseReservation();
            }
        }
        generation++;
        return true;
    }

    private boolean removeKey(long victimKey) {
        boolean removed = false;
        for (Iterator<Long> it = registrations.values().iterator(); it.hasNext();) {
            if (it.next() == victimKey) {
                it.remove();
                removed = true;
            }
        }
        return removed;
    }
}
