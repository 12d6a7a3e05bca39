package io.obd4j.daemon.image;

import java.util.Optional;

/**
 * A front end that can export an already open device on request ({@code POST /v1/devices}) and stop exporting it
 * ({@code DELETE}): the iSCSI target, one target per device.
 */
public interface DeviceExporter {

    /** Where initiators find an exported device. */
    record Export(String iqn, String portal, String url) {
    }

    /** Exports the open device {@code devId}; fails when it is not open or already exported. */
    Export export(String devId) throws ImageServiceException;

    /** Stops exporting {@code devId} and closes its sessions; nothing happens when it is not exported. */
    void unexport(String devId);

    /** The export of {@code devId}, if any. */
    Optional<Export> exportOf(String devId);
}
