package io.obd4j.iscsi;

import io.obd4j.iscsi.login.ChapConfig;
import io.obd4j.iscsi.login.TargetDefinition;
import io.obd4j.iscsi.login.TargetLimits;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * Everything a portal needs: where to listen (port 0 = ephemeral), the targets, CHAP for discovery sessions (null =
 * open), negotiation limits, the SCSI worker pool size, and the NOP-In keepalive interval (0 = off).
 */
public record IscsiTargetConfig(InetSocketAddress bind, List<TargetDefinition> targets, ChapConfig discoveryChap,
                                TargetLimits limits, int workerThreads, int workerQueue, long nopIntervalMillis) {
    public IscsiTargetConfig {
        Objects.requireNonNull(bind, "bind");
        targets = List.copyOf(targets);
        Objects.requireNonNull(limits, "limits");
        if (workerThreads < 1 || workerQueue < 1) {
            throw new IllegalArgumentException("worker threads and queue must be positive");
        }
    }

    /** Defaults: RFC-friendly limits, 8 workers, a queue of 1024 commands, keepalive every 10 s. */
    public static IscsiTargetConfig of(InetSocketAddress bind, List<TargetDefinition> targets, ChapConfig discovery) {
        return new IscsiTargetConfig(bind, targets, discovery, TargetLimits.defaults(), 8, 1024, 10_000);
    }
}
