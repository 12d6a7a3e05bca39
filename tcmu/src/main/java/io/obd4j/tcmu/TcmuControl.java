package io.obd4j.tcmu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon-side switches of target_core_user (spec tcmu-and-snapshotter.md §3.1, §3.9): module parameters
 * {@code block_netlink}/{@code reset_netlink} and per-device {@code action/block_dev}/{@code action/reset_ring}.
 * Both roots are configurable so tests can use a directory tree.
 */
public final class TcmuControl {
    public static final Path MODULE_PARAMETERS = Path.of("/sys/module/target_core_user/parameters");
    public static final Path CONFIGFS_CORE = Path.of("/sys/kernel/config/target/core");
    private static final Logger LOG = LoggerFactory.getLogger(TcmuControl.class);

    private final Path moduleParameters;
    private final Path configfsCore;

    public TcmuControl(Path moduleParameters, Path configfsCore) {
        this.moduleParameters = moduleParameters;
        this.configfsCore = configfsCore;
    }

    public static TcmuControl system() {
        return new TcmuControl(MODULE_PARAMETERS, CONFIGFS_CORE);
    }

    /**
     * Writes {@code block_netlink}; new netlink commands then fail with EAGAIN in the kernel (the snapshotter
     * retries).
     *
     * @return false when the parameter does not exist (old kernel: skip the block/reset dance)
     */
    public boolean blockNetlink(boolean on) throws IOException {
        try {
            write(moduleParameters.resolve("block_netlink"), on ? "1" : "0");
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Writes {@code reset_netlink=1} (pending commands fail with -EINTR); errors are only logged, as libtcmu. */
    public void resetNetlink() {
        try {
            write(moduleParameters.resolve("reset_netlink"), "1");
        } catch (IOException e) {
            LOG.warn("cannot reset TCMU netlink: {}", e.toString());
        }
    }

    /** The configfs directory of a device: {@code core/user_<hba>/<dev>}. */
    public Path deviceDirectory(TcmuDeviceName name) {
        return configfsCore.resolve(name.hbaDirectory()).resolve(name.deviceName());
    }

    public void blockDevice(TcmuDeviceName name, boolean on) throws IOException {
        write(deviceDirectory(name).resolve("action/block_dev"), on ? "1" : "0");
    }

    /** {@code action/reset_ring}: 1 fails in-flight commands with BUSY, 2 with CHECK CONDITION; zeroes head/tail. */
    public void resetRing(TcmuDeviceName name, int mode) throws IOException {
        if (mode != 1 && mode != 2) {
            throw new IllegalArgumentException("reset_ring mode must be 1 or 2: " + mode);
        }
        write(deviceDirectory(name).resolve("action/reset_ring"), Integer.toString(mode));
    }

    static void write(Path file, String value) throws IOException {
        Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }
}
