package io.obd4j.daemon.cli;

import io.obd4j.tcmu.ConfigfsTarget;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What {@code attach} and {@code detach} share: the tenant and (hidden, for tests) the configfs and sysfs roots. */
final class TargetOptions {
    @Option(names = "--tenant", defaultValue = "-1", paramLabel = "T",
            description = "Tenant as the snapshotter's config sets it: HBA user_<T> and NAA prefix <T%%100+100> "
                    + "(default -1: user_999999999, prefix 199).")
    int tenant;

    @Option(names = "--configfs-target", hidden = true, defaultValue = "/sys/kernel/config/target")
    Path configfsTarget;

    @Option(names = "--sysfs", hidden = true, defaultValue = "/sys")
    Path sysfs;

    ConfigfsTarget target() {
        if (tenant < -1) {
            throw new IllegalArgumentException("--tenant must be -1 or a non-negative number, not " + tenant);
        }
        return new ConfigfsTarget(configfsTarget, sysfs);
    }
}
