package io.obd4j.daemon;

import io.obd4j.core.config.Obd4jConfig;
import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.scsi.DeviceIdentity;
import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.daemon.image.DeviceExporter;
import io.obd4j.daemon.image.ImageService;
import io.obd4j.daemon.image.ImageServiceException;
import io.obd4j.iscsi.IscsiTarget;
import io.obd4j.iscsi.IscsiTargetConfig;
import io.obd4j.iscsi.login.ChapConfig;
import io.obd4j.iscsi.login.TargetDefinition;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The iSCSI front end ({@code obd4j.iscsi}): one portal on {@code address:port}, one target per exported device
 * ({@code iqn.2025-01.io.obd4j:<dev id>}, LUN 0) served through the shared SCSI layer, CHAP from the config for
 * discovery and every target.
 */
final class IscsiFrontEnd implements FrontEnd, DeviceExporter {
    /** The naming authority of obd4j's target names. */
    static final String IQN_PREFIX = "iqn.2025-01.io.obd4j:";

    private final Obd4jConfig.IscsiConfig config;
    private final Map<String, Export> exports = new ConcurrentHashMap<>();
    private ImageService images;
    private IscsiTarget target;
    private ChapConfig chap;

    IscsiFrontEnd(Obd4jConfig.IscsiConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "iscsi";
    }

    @Override
    public void start(ImageService service) throws Exception {
        this.images = service;
        this.chap = chap(config.chap());
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName(config.address()), config.port());
        target = IscsiTarget.start(IscsiTargetConfig.of(bind, List.of(), chap));
    }

    static ChapConfig chap(Obd4jConfig.ChapConfig c) {
        if (!c.enabled()) {
            return null;
        }
        return c.mutualUser().isEmpty() ? ChapConfig.oneWay(c.user(), c.secret())
                : ChapConfig.mutual(c.user(), c.secret(), c.mutualUser(), c.mutualSecret());
    }

    /** {@code iqn.2025-01.io.obd4j:<id>} with the id lower-cased and characters an IQN cannot hold as '-'. */
    static String iqn(String devId) {
        StringBuilder sb = new StringBuilder(IQN_PREFIX);
        for (char ch : devId.toLowerCase(Locale.ROOT).toCharArray()) {
            boolean ok = ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '.' || ch == '-' || ch == ':';
            sb.append(ok ? ch : '-');
        }
        return sb.toString();
    }

    @Override
    public synchronized Export export(String devId) throws ImageServiceException {
        if (exports.containsKey(devId)) {
            throw new ImageServiceException(ImageServiceException.Kind.DUPLICATE, "device " + devId
                    + " is already exported as " + exports.get(devId).iqn());
        }
        BlockDevice device = images.blockDevice(devId).orElseThrow(() -> new ImageServiceException(
                ImageServiceException.Kind.NOT_FOUND, "no device " + devId));
        String configPath = images.device(devId).map(d -> d.configPath()).orElse("");
        String serial = UUID.nameUUIDFromBytes(devId.getBytes(StandardCharsets.UTF_8)).toString();
        ScsiDevice scsi = ScsiDevice.builder(device)
                .identity(DeviceIdentity.overlaybd(serial, ascii("overlaybd/" + configPath + ";" + devId)))
                .blockSize(config.blockSize())
                // writes are durable only after SYNCHRONIZE CACHE: say so, so initiators send it (TCMU keeps
                // overlaybd's WCE=0 bytes)
                .writeCacheEnabled(!device.isReadOnly())
                .maxTransferLength(IscsiTarget.maxTransferBlocks(config.blockSize()))
                .build();
        String iqn = iqn(devId);
        try {
            target.addTarget(new TargetDefinition(iqn, devId, Map.of(0, scsi), chap));
        } catch (IllegalArgumentException e) {
            throw new ImageServiceException(ImageServiceException.Kind.DUPLICATE, e.getMessage(), e);
        }
        InetSocketAddress a = target.localAddress();
        String portal = a.getAddress().getHostAddress() + ":" + a.getPort();
        Export export = new Export(iqn, portal, "iscsi://" + portal + "/" + iqn + "/0");
        exports.put(devId, export);
        return export;
    }

    private static String ascii(String s) {
        String a = s.replaceAll("[^\\x20-\\x7e]", "?");
        return a.length() > 254 ? a.substring(0, 254) : a;
    }

    @Override
    public synchronized void unexport(String devId) {
        Export e = exports.remove(devId);
        if (e != null) {
            target.removeTarget(e.iqn());
        }
    }

    @Override
    public Optional<Export> exportOf(String devId) {
        return Optional.ofNullable(exports.get(devId));
    }

    /** The portal's bound address (port 0 in the config = an ephemeral port). */
    InetSocketAddress localAddress() {
        return target.localAddress();
    }

    int sessionCount() {
        return target == null ? 0 : target.sessionCount();
    }

    @Override
    public String status() {
        return target == null ? "stopped" : "portal " + target.localAddress() + ", " + exports.size()
                + " targets, " + target.sessionCount() + " sessions";
    }

    /** Stops the portal: every session closes, running commands finish; the devices stay open for the registry. */
    @Override
    public void close() {
        if (target != null) {
            target.stop();
        }
        exports.clear();
    }
}
