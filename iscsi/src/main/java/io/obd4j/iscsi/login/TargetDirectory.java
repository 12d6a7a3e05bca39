package io.obd4j.iscsi.login;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The targets a portal serves, by IQN, the limits it negotiates with, and the CHAP credentials discovery sessions
 * must prove (null = open discovery).
 */
public final class TargetDirectory {
    private final Map<String, TargetDefinition> targets = new LinkedHashMap<>();
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

    public Collection<TargetDefinition> all() {
        return targets.values();
    }

    public ChapConfig discoveryChap() {
        return discoveryChap;
    }

    public TargetLimits limits() {
        return limits;
    }
}
