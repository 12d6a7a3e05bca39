package io.obd4j.iscsi.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The live sessions of a target portal, by TSIH: allocates TSIHs, finds the session a new login reinstates
 * (same InitiatorName, ISID and TargetName), and lets task management reach other sessions of a target.
 * Thread-safe; each session's own state stays on its event loop.
 */
public final class SessionRegistry {
    private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();
    private final Set<Integer> reserved = ConcurrentHashMap.newKeySet();
    private int nextTsih = 1;

    /** A TSIH not in use (1..65535). */
    public synchronized int allocateTsih() {
        for (int i = 0; i < 0xffff; i++) {
            int tsih = nextTsih;
            nextTsih = nextTsih == 0xffff ? 1 : nextTsih + 1;
            if (!sessions.containsKey(tsih) && reserved.add(tsih)) {
                return tsih;
            }
        }
        throw new IllegalStateException("all 65535 session ids in use");
    }

    /** Registers {@code session}; returns the older sessions it reinstates (caller closes them). */
    List<Session> register(Session session) {
        List<Session> replaced = new ArrayList<>();
        for (Session s : sessions.values()) {
            if (s != session && s.sameNexus(session)) {
                replaced.add(s);
            }
        }
        sessions.put(session.tsih(), session);
        reserved.remove(session.tsih());
        return replaced;
    }

    void unregister(Session session) {
        sessions.remove(session.tsih(), session);
    }

    /** Releases a TSIH whose login never completed. */
    public void release(int tsih) {
        reserved.remove(tsih);
    }

    /** Runs {@code action} for every live session of {@code targetName} except {@code self}. */
    void forEachOf(String targetName, Session self, Consumer<Session> action) {
        for (Session s : sessions.values()) {
            if (s != self && targetName != null && targetName.equals(s.targetName())) {
                action.accept(s);
            }
        }
    }

    /** True when a live session uses {@code nexus} (a reinstated session's successor keeps its reservations). */
    boolean hasNexus(io.obd4j.core.scsi.ItNexus nexus) {
        for (Session s : sessions.values()) {
            if (s.nexus().equals(nexus)) {
                return true;
            }
        }
        return false;
    }

    public List<Session> all() {
        return new ArrayList<>(sessions.values());
    }

    public int size() {
        return sessions.size();
    }
}
