package io.obd4j.daemon;

import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.image.ForwardingBlockDevice;
import io.obd4j.core.scsi.DeviceIdentity;
import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.daemon.image.DeviceInfo;
import io.obd4j.daemon.image.ImageService;
import io.obd4j.daemon.image.ImageServiceException;
import io.obd4j.tcmu.TcmuControl;
import io.obd4j.tcmu.TcmuDeviceName;
import io.obd4j.tcmu.TcmuHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The TCMU front end ({@code obd4j.tcmu}): the kernel's {@code target_core_user} devices of subtype overlaybd,
 * opened and closed through the image service. Without the kernel module it logs why and stays idle, so that a
 * machine without TCMU can still serve over iSCSI.
 */
final class TcmuFrontEnd implements FrontEnd {
    private static final Logger LOG = LoggerFactory.getLogger(TcmuFrontEnd.class);

    private final Path moduleDir;
    private TcmuHandler handler;
    private ExecutorService commands;
    private String status = "not started";

    TcmuFrontEnd(Path moduleDir) {
        this.moduleDir = moduleDir;
    }

    static TcmuFrontEnd system() {
        return new TcmuFrontEnd(TcmuControl.MODULE_PARAMETERS.getParent());
    }

    @Override
    public String name() {
        return "tcmu";
    }

    @Override
    public void start(ImageService images) throws Exception {
        if (!Files.isDirectory(moduleDir)) {
            status = "unavailable (no kernel module target_core_user)";
            LOG.warn("obd4j.tcmu.enable: the kernel has no target_core_user ({} is missing; try 'modprobe "
                    + "target_core_user'): TCMU devices are not served", moduleDir);
            return;
        }
        commands = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "tcmu-cmd");
            t.setDaemon(true);
            return t;
        });
        handler = TcmuHandler.system(name -> open(images, name), commands);
        handler.start();
        status = "running";
    }

    private static ScsiDevice open(ImageService images, TcmuDeviceName name) throws ImageServiceException {
        String devId = name.devId() == null ? "" : name.devId();
        DeviceInfo info = images.open(Path.of(name.configPath()), devId);
        BlockDevice device = images.blockDevice(info.id()).orElseThrow();
        String serial = UUID.nameUUIDFromBytes(name.cfgString().getBytes(StandardCharsets.UTF_8)).toString();
        return ScsiDevice.builder(new ClosingDevice(device, images, info.id()))
                .identity(DeviceIdentity.overlaybd(serial, name.cfgString()))
                // drop-in for overlaybd-tcmu: its exact VPD B0 page (WSNZ=1, MAXIMUM UNMAP LBA COUNT 0)
                .writeSameNonZero(true)
                .maxUnmapBlockCount(0)
                .build();
    }

    @Override
    public String status() {
        return handler == null ? status : handler.deviceCount() + " devices";
    }

    @Override
    public void close() throws Exception {
        if (handler != null) {
            handler.close();
        }
        if (commands != null) {
            commands.shutdown();
        }
    }

    /** A device whose close goes through the image service (drain, flush, forget the id), as the handler closes. */
    private static final class ClosingDevice extends ForwardingBlockDevice {
        private final ImageService images;
        private final String devId;

        ClosingDevice(BlockDevice inner, ImageService images, String devId) {
            super(inner);
            this.images = images;
            this.devId = devId;
        }

        @Override
        public void close() throws IOException {
            try {
                images.close(devId);
            } catch (ImageServiceException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }
}
