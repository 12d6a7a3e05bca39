package io.obd4j.daemon.cli;

import io.obd4j.tcmu.ConfigfsTarget;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code obd4j detach}: the snapshotter's teardown of an attached device. */
@Command(name = "detach", mixinStandardHelpOptions = true, description = {
    "Detach a device made by 'obd4j attach' (or by the overlaybd snapshotter): unlink the LUN, remove the "
        + "tcm_loop target and the configfs device; the kernel then tells the daemon to close the image. "
        + "Unmount the disk first. Needs root."})
public final class DetachCommand extends ToolCommand {
    @Mixin
    TargetOptions targetOptions;

    @Option(names = "--id", required = true, paramLabel = "N", description = "Snapshot id given to attach.")
    String id;

    @Override
    Integer run() throws Exception {
        ConfigfsTarget target = targetOptions.target();
        ConfigfsTarget.Layout layout = target.layout(id, targetOptions.tenant);
        if (!Files.exists(layout.target(), LinkOption.NOFOLLOW_LINKS)
                && !Files.exists(layout.loop(), LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("no device with id " + id + ": neither " + layout.target() + " nor "
                    + layout.loop() + " exists");
        }
        target.detach(id, targetOptions.tenant);
        spec.commandLine().getErr().println("obd4j detach: removed " + layout.target());
        spec.commandLine().getErr().flush();
        return 0;
    }
}
