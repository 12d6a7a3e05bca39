package io.obd4j.daemon.cli;

import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.ImageConfig;
import io.obd4j.tcmu.ConfigfsTarget;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code obd4j attach}: the overlaybd snapshotter's configfs + tcm_loop sequence, printing {@code /dev/sdX}. */
@Command(name = "attach", mixinStandardHelpOptions = true, description = {
    "Attach an image as a SCSI disk through target_core_user and tcm_loop, exactly as the containerd overlaybd "
        + "snapshotter does (configfs core/user_<hba>/dev_<id>, loopback/naa.<prefix><id>), and print /dev/sdX. "
        + "The obd4j daemon (obd4j.tcmu.enable) must be running: it opens the image when the device is enabled "
        + "and writes the config's resultFile. Needs root."})
public final class AttachCommand extends ToolCommand {
    /** configfs keeps at most this many bytes of {@code dev_config} and silently drops the rest. */
    private static final int DEV_CONFIG_MAX = 255;

    @Mixin
    TargetOptions targetOptions;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "config.v1.json",
            description = "The device config (lowers, upper, resultFile), as the snapshotter writes it.")
    Path config;

    @Option(names = "--id", paramLabel = "N",
            description = "Snapshot id, 1 to 13 digits (default: the lowest id not in use under user_<hba>).")
    String id;

    @Option(names = "--dev-id", description = "Pass the id to the daemon as the device id (dev_config "
            + "'overlaybd/<config>;<id>', overlaybd-attacher --with-devid).")
    boolean devId;

    @Override
    Integer run() throws Exception {
        ConfigfsTarget target = targetOptions.target();
        Path abs = config.toAbsolutePath().normalize();
        ImageConfig image = ConfigLoader.loadImage(abs).config();
        String path = abs.toString();
        if (path.contains(",") || path.contains("\n")) {
            throw new IllegalArgumentException(path + ": the kernel splits dev_config at ',' and newlines; "
                    + "move the config to a path without them");
        }
        String snId = id != null ? id : freeId(target);
        String devConfig = "overlaybd/" + path + (devId ? ";" + snId : "");
        if (devConfig.length() > DEV_CONFIG_MAX) {
            throw new IllegalArgumentException(path + ": dev_config '" + devConfig + "' is " + devConfig.length()
                    + " bytes, configfs keeps only " + DEV_CONFIG_MAX + "; use a shorter path");
        }
        ConfigfsTarget.Layout layout = target.layout(snId, targetOptions.tenant);
        if (inUse(layout)) {
            throw new IllegalStateException("id " + snId + " is in use: " + layout.target() + " is enabled (detach it "
                    + "with 'obd4j detach --id " + snId + "' or pick another --id)");
        }
        Path resultFile = image.resultFile().isEmpty() ? null : Path.of(image.resultFile());
        ConfigfsTarget.Attachment a = target.attach(snId, abs, targetOptions.tenant, devId, resultFile);
        if (a.device().isEmpty()) {
            throw new IOException("device " + layout.target() + " is exported at SCSI address " + a.address()
                    + " but no disk appeared under " + targetOptions.sysfs.resolve("class/scsi_device/"
                    + a.address() + ":0/device/block") + "; see dmesg, and detach with 'obd4j detach --id "
                    + snId + "'");
        }
        spec.commandLine().getOut().println(a.device());
        spec.commandLine().getOut().flush();
        if (id == null) {
            spec.commandLine().getErr().println("obd4j attach: id " + snId + " (obd4j detach --id " + snId + ")");
            spec.commandLine().getErr().flush();
        }
        return 0;
    }

    /** An enabled device (configfs {@code enable} reads 1) or one exported through tcm_loop. */
    private static boolean inUse(ConfigfsTarget.Layout layout) throws IOException {
        Path enable = layout.target().resolve("enable");
        return Files.isRegularFile(enable) && Files.readString(enable).strip().equals("1")
                || Files.exists(layout.link(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** The lowest id not {@link #inUse} under the tenant's HBA. */
    private String freeId(ConfigfsTarget target) throws IOException {
        Path hba = target.layout("1", targetOptions.tenant).target().getParent();
        java.util.Set<Long> used = new java.util.HashSet<>();
        if (Files.isDirectory(hba)) {
            try (DirectoryStream<Path> devices = Files.newDirectoryStream(hba, "dev_*")) {
                for (Path d : devices) {
                    String n = d.getFileName().toString().substring("dev_".length());
                    if (!n.isEmpty() && n.length() <= 13 && n.chars().allMatch(Character::isDigit)
                            && inUse(target.layout(n, targetOptions.tenant))) {
                        used.add(Long.parseLong(n));
                    }
                }
            }
        }
        long n = 1;
        while (used.contains(n)) {
            n++;
        }
        return Long.toString(n);
    }
}
