package io.obd4j.registry.sync;

import java.util.List;

/** A parsed rules file: what to copy where, and how to reach each registry. */
public record SyncRules(List<SyncRule> rules, AuthTable auth) {
    public SyncRules {
        rules = List.copyOf(rules);
    }
}
