package io.obd4j.daemon.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The kernel and permission checks of {@code obd4j preflight}, against a root directory ({@code /} on a host). */
final class HostChecks {
    private static final String CONFIGFS = "/sys/kernel/config";

    private final Path root;

    HostChecks(Path root) {
        this.root = root;
    }

    private Path at(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    List<PreflightCheck> kernel() {
        return List.of(configfs(), targetCoreUser(), tcmLoop(), uio());
    }

    PreflightCheck configfs() {
        String what = "configfs mounted at " + CONFIGFS;
        Path mounts = at("/proc/mounts");
        try {
            for (String line : Files.readAllLines(mounts)) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[1].equals(CONFIGFS) && f[2].equals("configfs")) {
                    return PreflightCheck.ok(what, "");
                }
            }
        } catch (IOException e) {
            return PreflightCheck.fail(what, "cannot read " + mounts + ": " + e, "mount -t proc proc /proc");
        }
        return PreflightCheck.fail(what, "no configfs line for " + CONFIGFS + " in " + mounts,
                "mount -t configfs none " + CONFIGFS);
    }

    PreflightCheck targetCoreUser() {
        String what = "kernel module target_core_user loaded";
        if (Files.isDirectory(at("/sys/module/target_core_user"))) {
            return PreflightCheck.ok(what, "");
        }
        return PreflightCheck.fail(what, "/sys/module/target_core_user is missing",
                "modprobe target_core_user" + (available("target_core_user") ? ""
                        : " (" + notInKernel() + ", CONFIG_TCM_USER2)"));
    }

    PreflightCheck tcmLoop() {
        String what = "kernel module tcm_loop";
        if (Files.isDirectory(at("/sys/kernel/config/target/loopback"))
                || Files.isDirectory(at("/sys/module/tcm_loop"))) {
            return PreflightCheck.ok(what, "loaded");
        }
        if (available("tcm_loop")) {
            // mkdir of configfs target/loopback makes target_core_mod request_module("tcm_loop"), as attach does
            return PreflightCheck.ok(what, "not loaded; the first attach loads it");
        }
        return PreflightCheck.fail(what, "not loaded and " + notInKernel(),
                "modprobe tcm_loop (a kernel with CONFIG_LOOPBACK_TARGET)");
    }

    PreflightCheck uio() {
        String what = "uio available";
        if (Files.isDirectory(at("/sys/class/uio")) || Files.isDirectory(at("/sys/module/uio"))) {
            return PreflightCheck.ok(what, "");
        }
        return PreflightCheck.fail(what, "neither /sys/class/uio nor /sys/module/uio exists", "modprobe uio");
    }

    PreflightCheck permissions() {
        String what = "running as root";
        Path self = at("/proc/self");
        try {
            int uid = (Integer) Files.getAttribute(self, "unix:uid");
            if (uid == 0) {
                return PreflightCheck.ok(what, "");
            }
            return PreflightCheck.fail(what, "effective uid is " + uid + "; configfs, /dev/uio* and /dev/sd* "
                    + "need root", "run as root (sudo obd4j ...)");
        } catch (IOException | UnsupportedOperationException e) {
            return PreflightCheck.fail(what, "cannot stat " + self + ": " + e, "run on Linux with /proc mounted");
        }
    }

    private String kernelRelease() {
        try {
            return Files.readString(at("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private String notInKernel() {
        return "the running kernel " + kernelRelease() + " does not list it in /lib/modules/" + kernelRelease()
                + "/modules.dep or modules.builtin";
    }

    /** Whether {@code module} is a loadable or built-in module of the running kernel. */
    private boolean available(String module) {
        String release = kernelRelease();
        if (release.isEmpty()) {
            return false;
        }
        for (String list : List.of("modules.dep", "modules.builtin")) {
            Path p = at("/lib/modules/" + release + "/" + list);
            try {
                if (Files.isRegularFile(p) && Files.readString(p).contains("/" + module + ".ko")) {
                    return true;
                }
            } catch (IOException e) {
                continue;
            }
        }
        return false;
    }
}
