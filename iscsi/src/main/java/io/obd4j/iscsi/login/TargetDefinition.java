package io.obd4j.iscsi.login;

import io.obd4j.core.scsi.ScsiDevice;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One iSCSI target: its IQN, an optional alias, its logical units (LUN number → device), and optional CHAP
 * credentials initiators must prove (null = no authentication).
 */
public record TargetDefinition(String iqn, String alias, Map<Integer, ScsiDevice> luns, ChapConfig chap) {
    public TargetDefinition {
        Objects.requireNonNull(iqn, "iqn");
        if (iqn.isEmpty() || iqn.length() > 223) {
            throw new IllegalArgumentException("target name: expected 1..223 characters, found " + iqn.length());
        }
        if (luns.isEmpty()) {
            throw new IllegalArgumentException(iqn + ": at least one LUN is required");
        }
        luns = Collections.unmodifiableMap(new TreeMap<>(luns));
    }

    /** A target with one device as LUN 0 and no authentication. */
    public static TargetDefinition single(String iqn, ScsiDevice lun0) {
        return new TargetDefinition(iqn, null, Map.of(0, lun0), null);
    }

    public TargetDefinition withChap(ChapConfig config) {
        return new TargetDefinition(iqn, alias, luns, config);
    }
}
