package io.obd4j.iscsi.login;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The targets a portal serves, by IQN, the limits it negotiates with, and the CHAP credentials discovery sessions
 * must prove (null = open discovery).
 */
public final class TargetDirectory {
    private final Map<String, TargetDefinition> targets = Collections.synchronizedMap(new LinkedHashMap<>());
    private final ChapConfig discoveryChap;
    private final TargetLimits limits;

    public TargetDirectory(List<TargetDefinition> targets, ChapConfig discoveryChap, TargetLimits limits) {
        for (TargetDefinition t : targets) {
            if (this.targets.putIfAbsent(t.iqn(), t) != null) {
                throw new IllegalArgumentException("target " + t.iqn() + " defined twice");
            }
        }
        this.discoveryChap = discoveryChap;
        this.limits = limits;
    }

    public TargetDefinition find(String iqn) {
        return targets.get(iqn);
    }

    /** A snapshot of the targets, in the order they were added. */
    public Collection<TargetDefinition> all() {
        synchronized (targets) {
            return List.copyOf(targets.values());
        }
    }

    /** Serves {@code target} from now on (new logins and SendTargets see it). */
    public void add(TargetDefinition target) {
        if (targets.putIfAbsent(target.iqn(), target) != null) {
            throw new IllegalArgumentException("target " + target.iqn() + " defined twice");
        }
    }

    /** Stops offering {@code iqn} to new logins; returns the removed target or null. */
    public TargetDefinition remove(String iqn) {
        return targets.remove(iqn);
    }

    public ChapConfig discoveryChap() {
        return discoveryChap;
    }

    public TargetLimits limits() {
        return limits;
    }
}
