package io.obd4j.tcmu;

import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.nativeio.Errno;
import io.obd4j.nativeio.NativeIoException;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCMU handler for subtype {@code overlaybd}: registers with the kernel, adopts devices left by a previous
 * daemon, and opens/closes devices on netlink events, one {@link DeviceWorker} each (spec
 * tcmu-and-snapshotter.md §3.9, §4.1). The image behind a device comes from the {@link DeviceOpener}; the handler
 * knows nothing about configs or formats.
 */
public final class TcmuHandler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcmuHandler.class);
    private static final int POLL_MILLIS = 200;

    /** Opens the SCSI device for a TCMU device; the daemon parses {@link TcmuDeviceName#configPath()}. */
    @FunctionalInterface
    public interface DeviceOpener {
        ScsiDevice open(TcmuDeviceName name) throws Exception;
    }

    /** Opens the uio side of a device; {@link UioDevice#open} by default. */
    @FunctionalInterface
    public interface UioOpener {
        UioDevice open(int minor, TcmuDeviceName name) throws IOException;
    }

    /** Where replies to netlink events go; {@link TcmuNetlink#reply} in production. */
    @FunctionalInterface
    public interface Replier {
        void reply(TcmuEvent event, int status) throws IOException;
    }

    private final UioSysfs sysfs;
    private final TcmuControl control;
    private final DeviceOpener opener;
    private final UioOpener uioOpener;
    private final ExecutorService commands;
    private final ExecutorService events = Executors.newCachedThreadPool(r -> daemon(r, "tcmu-event"));
    private final Map<Integer, DeviceWorker> devices = new ConcurrentHashMap<>();
    private volatile boolean running;
    private TcmuNetlink netlink;
    private Thread eventThread;

    public TcmuHandler(UioSysfs sysfs, TcmuControl control, DeviceOpener opener, UioOpener uioOpener,
                       ExecutorService commands) {
        this.sysfs = sysfs;
        this.control = control;
        this.opener = opener;
        this.uioOpener = uioOpener;
        this.commands = commands;
    }

    /** The real kernel paths and uio nodes. */
    public static TcmuHandler system(DeviceOpener opener, ExecutorService commands) {
        UioSysfs sysfs = UioSysfs.system();
        return new TcmuHandler(sysfs, TcmuControl.system(), opener,
                (minor, name) -> UioDevice.open(sysfs, minor, name), commands);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Start-up as libtcmu/overlaybd do it: block and reset netlink, register (SET_FEATURES), adopt existing
     * devices, unblock netlink, then serve events on a thread of its own.
     */
    public void start() throws IOException {
        boolean blocked = control.blockNetlink(true);
        try {
            if (blocked) {
                control.resetNetlink();
            }
            netlink = TcmuNetlink.open();
            adoptExisting();
        } finally {
            if (blocked) {
                control.blockNetlink(false);
            }
        }
        running = true;
        eventThread = daemon(this::eventLoop, "tcmu-netlink");
        eventThread.start();
        LOG.info("TCMU handler for '{}' started (netlink family {}, kernel waits for replies: {}), {} devices",
                TcmuDeviceName.OVERLAYBD_SUBTYPE, netlink.family().id(), netlink.kernelWaitsForReplies(),
                devices.size());
    }

    private void eventLoop() {
        while (running) {
            List<TcmuEvent> batch;
            try {
                batch = netlink.poll(POLL_MILLIS);
            } catch (NativeIoException e) {
                if (e.errno() == Errno.ENOBUFS) {
                    LOG.warn("netlink events were dropped; rescanning uio devices");
                    rescan();
                    continue;
                }
                LOG.error("netlink receive failed; TCMU events are no longer served", e);
                return;
            }
            for (TcmuEvent e : batch) {
                handle(e, netlink::reply);
            }
        }
    }

    private void rescan() {
        try {
            for (UioSysfs.Entry e : sysfs.list()) {
                if (TcmuDeviceName.isTcmu(e.name()) && !devices.containsKey(e.minor())) {
                    added(e.minor(), e.name());
                }
            }
        } catch (IOException e) {
            LOG.error("cannot rescan uio devices", e);
        }
    }

    /** Dispatches one event; ADDED and REMOVED run on their own thread so other devices' events keep flowing. */
    public void handle(TcmuEvent event, Replier replier) {
        LOG.info("netlink {} {} (uio{}, id {})", event.commandName(), event.device(), event.minor(),
                event.deviceId());
        switch (event.command()) {
            case TcmuNetlinkFormat.CMD_ADDED_DEVICE ->
                events.execute(() -> reply(replier, event, added(event.minor(), event.device())));
            case TcmuNetlinkFormat.CMD_REMOVED_DEVICE ->
                events.execute(() -> reply(replier, event, removed(event.minor())));
            default -> reply(replier, event, -Errno.EOPNOTSUPP);
        }
    }

    private static void reply(Replier replier, TcmuEvent event, int status) {
        try {
            replier.reply(event, status);
        } catch (IOException e) {
            LOG.error("cannot reply {} to {} for {}", status, event.commandName(), event.device(), e);
        }
    }

    /** Opens a newly added device; returns the netlink status (0, or -ENOENT like libtcmu for any failure). */
    public int added(int minor, String uioName) {
        TcmuDeviceName name;
        try {
            name = TcmuDeviceName.parse(uioName);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}", e.getMessage());
            return -Errno.ENOENT;
        }
        if (!name.isOverlaybd()) {
            LOG.warn("uio{}: no handler for subtype '{}'", minor, name.subtype());
            return -Errno.ENOENT;
        }
        if (devices.containsKey(minor)) {
            return 0;
        }
        try {
            open(minor, name);
            return 0;
        } catch (Exception e) {
            LOG.error("uio{}: cannot open {}: {}", minor, name, e.toString(), e);
            return -Errno.ENOENT;
        }
    }

    private void open(int minor, TcmuDeviceName name) throws Exception {
        UioDevice uio = uioOpener.open(minor, name);
        ScsiDevice scsi;
        try {
            scsi = opener.open(name);
        } catch (Exception | Error e) {
            uio.close();
            throw e;
        }
        devices.put(minor, new DeviceWorker(uio, scsi, commands).start());
        LOG.info("uio{}: serving {} ({} blocks of {})", minor, name.configPath(), scsi.blockCount(),
                scsi.blockSize());
    }

    /** Closes a removed device (LIO already drained it); always 0, as libtcmu. */
    public int removed(int minor) {
        DeviceWorker worker = devices.remove(minor);
        if (worker != null) {
            shutdown(worker);
        }
        return 0;
    }

    private static void shutdown(DeviceWorker worker) {
        try {
            worker.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            worker.device().close();
        } catch (IOException e) {
            LOG.warn("{}: close failed: {}", worker.device(), e.toString());
        }
        try {
            worker.scsiDevice().blockDevice().close();
        } catch (IOException e) {
            LOG.warn("{}: closing the image failed: {}", worker.device(), e.toString());
        }
    }

    /**
     * Adopts {@code tcm-user} uio devices of subtype overlaybd that exist already (daemon restart): per device
     * {@code block_dev=1}, {@code reset_ring=1} (in-flight commands fail with BUSY and are retried), open, then
     * {@code block_dev=0}. No netlink reply is due for these.
     */
    public void adoptExisting() throws IOException {
        for (UioSysfs.Entry e : sysfs.list()) {
            if (!TcmuDeviceName.isTcmu(e.name()) || devices.containsKey(e.minor())) {
                continue;
            }
            TcmuDeviceName name;
            try {
                name = TcmuDeviceName.parse(e.name());
            } catch (IllegalArgumentException ex) {
                LOG.warn("{}: {}", e.uioName(), ex.getMessage());
                continue;
            }
            if (!name.isOverlaybd()) {
                continue;
            }
            control.blockDevice(name, true);
            try {
                control.resetRing(name, 1);
                open(e.minor(), name);
                LOG.info("{}: adopted {}", e.uioName(), name);
            } catch (Exception ex) {
                LOG.error("{}: cannot adopt {}: {}", e.uioName(), name, ex.toString(), ex);
            } finally {
                control.blockDevice(name, false);
            }
        }
    }

    /** The worker serving {@code uio<minor>}, or null. */
    public DeviceWorker device(int minor) {
        return devices.get(minor);
    }

    public int deviceCount() {
        return devices.size();
    }

    /** Stops serving events, drains and closes every device, closes the netlink socket. */
    @Override
    public void close() throws IOException {
        running = false;
        if (eventThread != null) {
            try {
                eventThread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        events.shutdown();
        for (Integer minor : List.copyOf(devices.keySet())) {
            removed(minor);
        }
        if (netlink != null) {
            netlink.close();
        }
    }
}
