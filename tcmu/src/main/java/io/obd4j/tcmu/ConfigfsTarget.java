package io.obd4j.tcmu;

import io.obd4j.nativeio.Errno;
import io.obd4j.nativeio.NativeFile;
import io.obd4j.nativeio.NativeIoException;
import io.obd4j.nativeio.Posix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and removes a TCMU device exported through tcm_loop exactly as the overlaybd snapshotter does
 * ({@code AttachDevice}/{@code DetachDevice}, spec tcmu-and-snapshotter.md §1.3, §1.9), for {@code obd4j
 * attach/detach}. The configfs and sysfs roots are configurable.
 */
public final class ConfigfsTarget {
    public static final Path CONFIGFS_TARGET = Path.of("/sys/kernel/config/target");
    public static final Path SYS = Path.of("/sys");
    public static final long DEFAULT_HBA = 999_999_999L;
    public static final int DEFAULT_NAA_PREFIX = 199;
    public static final int MAX_DATA_AREA_MB = 4;
    /** {@code math.MaxInt32 / 1000} seconds: the kernel never times commands out. */
    public static final String NO_TIMEOUT = "2147483";
    private static final int ENABLE_ATTEMPTS = 100;
    private static final long ENABLE_RETRY_MILLIS = 50;
    // The snapshotter polls 50 x 10 ms; a slow host (or an emulated guest) can need longer for sd to finish probing.
    private static final int DISK_ATTEMPTS = 300;
    private static final long DISK_RETRY_MILLIS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(ConfigfsTarget.class);

    private final Path configfsTarget;
    private final Path sys;

    public ConfigfsTarget(Path configfsTarget, Path sys) {
        this.configfsTarget = configfsTarget;
        this.sys = sys;
    }

    public static ConfigfsTarget system() {
        return new ConfigfsTarget(CONFIGFS_TARGET, SYS);
    }

    /** Where a snapshot's device lives. */
    public record Layout(String snapshotId, long hba, String naa, Path target, Path loop, Path lun, Path link) {
    }

    /** @param device {@code /dev/sdX}, or "" when the disk did not appear in time (the snapshotter's quirk) */
    public record Attachment(Layout layout, String address, String device) {
    }

    /** The paths for snapshot {@code snId} of {@code tenant} (-1 = none). */
    public Layout layout(String snId, int tenant) {
        if (snId.isEmpty() || snId.length() > 13 || !snId.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("snapshot id must be 1..13 decimal digits: '" + snId + "'");
        }
        long hba = tenant == -1 ? DEFAULT_HBA : tenant;
        int prefix = tenant == -1 ? DEFAULT_NAA_PREFIX : tenant % 100 + 100;
        String naa = String.format("naa.%03d%s%s", prefix, "0".repeat(13 - snId.length()), snId);
        Path target = configfsTarget.resolve("core/user_" + hba + "/dev_" + snId);
        Path loop = configfsTarget.resolve("loopback/" + naa);
        Path lun = loop.resolve("tpgt_1/lun/lun_0");
        return new Layout(snId, hba, naa, target, loop, lun, lun.resolve("dev_" + snId));
    }

    /**
     * Steps 1–10 of the snapshotter: create the device, configure and enable it (blocks until the TCMU daemon has
     * opened the image), export it as LUN 0 of a tcm_loop target and find its {@code sd} disk.
     *
     * @param configPath absolute path of config.v1.json
     * @param withDevId  append {@code ;<snId>} to dev_config (overlaybd-attacher {@code --with-devid})
     * @param resultFile the config's resultFile, read for the error text when enable keeps failing with EAGAIN
     */
    public Attachment attach(String snId, Path configPath, int tenant, boolean withDevId, Path resultFile)
            throws IOException, InterruptedException {
        Layout l = layout(snId, tenant);
        boolean done = false;
        try {
            Files.createDirectories(l.target());
            String devConfig = "overlaybd/" + configPath.toAbsolutePath() + (withDevId ? ";" + snId : "");
            writeAttribute(l.target().resolve("control"), "dev_config=" + devConfig);
            writeAttribute(l.target().resolve("control"), "max_data_area_mb=" + MAX_DATA_AREA_MB);
            enable(l, resultFile);
            writeAttribute(l.target().resolve("attrib/cmd_time_out"), NO_TIMEOUT);
            Files.createDirectories(l.lun());
            writeAttribute(l.loop().resolve("tpgt_1/nexus"), l.naa());
            Files.createSymbolicLink(l.link(), l.target());
            String address = Files.readString(l.loop().resolve("tpgt_1/address")).strip();
            String device = findDisk(address);
            done = true;
            return new Attachment(l, address, device);
        } finally {
            if (!done) {
                removeQuietly(l);
            }
        }
    }

    private void enable(Layout l, Path resultFile) throws IOException, InterruptedException {
        Path enable = l.target().resolve("enable");
        for (int attempt = 1; ; attempt++) {
            try {
                writeAttribute(enable, "1");
                return;
            } catch (NativeIoException e) {
                if (e.errno() != Errno.EAGAIN) {
                    throw new IOException("failed to write enable for " + l.target() + ": " + e.getMessage(), e);
                }
                if (attempt == ENABLE_ATTEMPTS) {
                    String result = resultFile != null && Files.exists(resultFile) ? Files.readString(resultFile) : "";
                    throw new IOException("failed to write enable for " + l.target() + ": " + e.getMessage()
                            + (result.isEmpty() ? "" : ": " + result), e);
                }
                Thread.sleep(ENABLE_RETRY_MILLIS);
            }
        }
    }

    private String findDisk(String address) throws IOException, InterruptedException {
        Path blockDir = sys.resolve("class/scsi_device/" + address + ":0/device/block");
        for (int i = 0; i < DISK_ATTEMPTS; i++) {
            if (Files.isDirectory(blockDir)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(blockDir)) {
                    for (Path e : entries) {
                        String disk = e.getFileName().toString();
                        try {
                            writeAttribute(sys.resolve("block/" + disk + "/device/timeout"), NO_TIMEOUT);
                            return "/dev/" + disk;
                        } catch (NativeIoException notYet) {
                            // the block dir shows up before /sys/block/sdX is linked: retry like the snapshotter
                            if (notYet.errno() != Errno.ENOENT) {
                                throw notYet;
                            }
                        }
                    }
                }
            }
            Thread.sleep(DISK_RETRY_MILLIS);
        }
        LOG.warn("no disk appeared under {} in {} ms", blockDir, DISK_ATTEMPTS * DISK_RETRY_MILLIS);
        return "";
    }

    /**
     * Teardown (§1.9 steps 3): unlink the LUN, remove lun_0, tpgt_1, the naa target and the device directory
     * (the kernel then sends REMOVED_DEVICE). Missing pieces are skipped; {@code user_<hba>} stays.
     */
    public void detach(String snId, int tenant) throws IOException {
        Layout l = layout(snId, tenant);
        Files.deleteIfExists(l.link());
        removeAll(l.lun());
        removeAll(l.loop().resolve("tpgt_1"));
        removeAll(l.loop());
        removeAll(l.target());
    }

    private void removeQuietly(Layout l) {
        try {
            detach(l.snapshotId(), l.hba() == DEFAULT_HBA ? -1 : (int) l.hba());
        } catch (IOException | RuntimeException e) {
            LOG.warn("cleanup of {} failed: {}", l.target(), e.toString());
        }
    }

    /** Go's {@code os.RemoveAll}: rmdir first (what configfs needs), recursing only into non-empty directories. */
    static void removeAll(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.delete(p);
        } catch (DirectoryNotEmptyException e) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
                for (Path c : children) {
                    removeAll(c);
                }
            }
            Files.delete(p);
        } catch (NoSuchFileException e) {
            return;
        }
    }

    /** One {@code write(2)} of {@code value} (configfs/sysfs attributes take a whole value per write). */
    static void writeAttribute(Path file, String value) throws NativeIoException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        try (NativeFile f = NativeFile.open(file, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_TRUNC, 0644)) {
            ByteBuffer b = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            while (b.hasRemaining()) {
                if (Posix.write(f.fd(), b) < 0) {
                    throw new NativeIoException("write", "path=" + file, Errno.EAGAIN);
                }
            }
        }
    }
}
