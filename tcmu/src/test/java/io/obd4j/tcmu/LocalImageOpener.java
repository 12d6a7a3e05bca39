package io.obd4j.tcmu;

import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.ImageConfig;
import io.obd4j.core.config.LayerConfig;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.image.Image;
import io.obd4j.core.image.LayerStack;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.scsi.DeviceIdentity;
import io.obd4j.core.scsi.ScsiDevice;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's part for the in-VM scenarios, limited to local layers: opens a device's config.v1.json with core's
 * config loader, its {@code lowers[].file} blobs (LSMT, ZFile, tar-wrapped) as a {@link LayerStack} and its
 * {@code upper} as the writable layer of an {@link Image}.
 */
final class LocalImageOpener implements TcmuHandler.DeviceOpener {

    @Override
    public ScsiDevice open(TcmuDeviceName name) throws IOException {
        ImageConfig config = ConfigLoader.loadImage(Path.of(name.configPath())).config();
        LayerStack lowers = null;
        if (!config.lowers().isEmpty()) {
            List<LocalFileSource> blobs = new ArrayList<>();
            for (LayerConfig l : config.lowers()) {
                if (l.file().isEmpty()) {
                    throw new IOException(name.configPath() + ": lowers[" + blobs.size() + "] has no local 'file'");
                }
                blobs.add(LocalFileSource.open(Path.of(l.file())));
            }
            lowers = LayerStack.openBlobs(blobs);
        }
        RwLayer upper = null;
        if (config.upper().isWritable()) {
            try {
                upper = RwLayer.open(Path.of(config.upper().data()), Path.of(config.upper().index()), true);
            } catch (IOException | RuntimeException e) {
                if (lowers != null) {
                    lowers.close();
                }
                throw e;
            }
        }
        return ScsiDevice.builder(Image.open(lowers, upper))
                .identity(DeviceIdentity.overlaybd("obd4jit", name.cfgString())).build();
    }
}
