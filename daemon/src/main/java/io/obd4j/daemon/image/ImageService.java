package io.obd4j.daemon.image;

import io.obd4j.core.image.BlockDevice;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Opens devices from config.v1.json files, keeps them by dev id, closes them, and takes live snapshots.
 * Front ends (TCMU, iSCSI) and the HTTP API use only this.
 */
public interface ImageService {

    /**
     * Opens the image of {@code configPath} (overlaybd §3.2) and registers it under {@code devId} (a generated id
     * when empty). Writes the config's resultFile either way.
     */
    DeviceInfo open(Path configPath, String devId) throws ImageServiceException;

    /** Flushes and closes the device and forgets its id. */
    void close(String devId) throws ImageServiceException;

    List<DeviceInfo> devices();

    Optional<DeviceInfo> device(String devId);

    /** The block device behind an id, for the front ends. */
    Optional<BlockDevice> blockDevice(String devId);

    /** The device behind an id with its I/O counters and the opener's own view ({@link TrackedDevice#inner()}). */
    Optional<TrackedDevice> tracked(String devId);

    /** Live snapshot of {@code devId} onto the stack described by {@code newConfig} (overlaybd §9.1). */
    void snapshot(String devId, Path newConfig) throws ImageServiceException;

    /** Flushes and closes every device (daemon shutdown). */
    void closeAll();
}
