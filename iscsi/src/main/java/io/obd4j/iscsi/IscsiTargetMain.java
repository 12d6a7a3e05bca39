package io.obd4j.iscsi;

import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.image.Image;
import io.obd4j.core.image.LayerStack;
import io.obd4j.core.image.RawFileDevice;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.iscsi.login.ChapConfig;
import io.obd4j.iscsi.login.TargetDefinition;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A minimal launcher for manual runs and benchmarks (the daemon wires the real one): serves raw image files, one
 * target per file ({@code <iqn-prefix>:<n>}, LUN 0), and/or one overlaybd image ({@code --lower} layers, bottom
 * first, and/or an append-only writable layer {@code --upper DATA INDEX}, created over the lowers when DATA does not
 * exist) as {@code <iqn-prefix>} (the raw files are then {@code <iqn-prefix>:raw[:<n>]}), until interrupted.
 * <pre>
 * java ... io.obd4j.iscsi.IscsiTargetMain [--bind 127.0.0.1] [--port 3260] [--iqn iqn.2025-01.io.obd4j:disk]
 *     [--chap user:secret] [--read-only] image.raw...
 * java ... io.obd4j.iscsi.IscsiTargetMain [options] [--lower layer]... [--upper up.data up.index] [image.raw...]
 * </pre>
 * An image with a writable layer reports a volatile write cache (WCE=1) as the daemon's exports do: a write is
 * acknowledged once its data is in the data file and its record in the in-memory index; SYNCHRONIZE CACHE makes
 * every acknowledged write durable. On stop the writable layer is flushed and closed.
 * The CHAP secret may also come from the environment variable {@code OBD4J_CHAP} (user:secret) to keep it out of
 * the process list.
 */
public final class IscsiTargetMain {
    private IscsiTargetMain() {
    }

    public static void main(String[] args) throws Exception {
        NettyDefaults.apply();
        String bind = "127.0.0.1";
        int port = 3260;
        String iqn = "iqn.2025-01.io.obd4j:disk";
        String chap = System.getenv("OBD4J_CHAP");
        boolean readOnly = false;
        List<Path> files = new ArrayList<>();
        List<Path> lowers = new ArrayList<>();
        Path[] upper = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bind": bind = args[++i]; break;
                case "--port": port = Integer.parseInt(args[++i]); break;
                case "--iqn": iqn = args[++i]; break;
                case "--chap": chap = args[++i]; break;
                case "--read-only": readOnly = true; break;
                case "--lower": lowers.add(Path.of(args[++i])); break;
                case "--upper": upper = new Path[] {Path.of(args[++i]), Path.of(args[++i])}; break;
                default: files.add(Path.of(args[i]));
            }
        }
        boolean image = !lowers.isEmpty() || upper != null;
        if (files.isEmpty() && !image) {
            System.err.println("usage: IscsiTargetMain [--bind A] [--port P] [--iqn IQN] [--chap u:s] [--read-only]"
                + " [--lower layer]... [--upper up.data up.index] [image.raw...]");
            System.exit(2);
        }
        ChapConfig chapConfig = null;
        if (chap != null) {
            int colon = chap.indexOf(':');
            chapConfig = ChapConfig.oneWay(chap.substring(0, colon), chap.substring(colon + 1));
        }
        List<BlockDevice> devices = new ArrayList<>();
        List<TargetDefinition> targets = new ArrayList<>();
        if (image) {
            BlockDevice device = openImage(lowers, upper);
            devices.add(device);
            targets.add(TargetDefinition.single(iqn, scsi(device, !device.isReadOnly())).withChap(chapConfig));
        }
        for (int i = 0; i < files.size(); i++) {
            BlockDevice device = RawFileDevice.open(files.get(i), readOnly);
            devices.add(device);
            String base = image ? iqn + ":raw" : iqn;
            String name = files.size() == 1 ? base : base + ":" + i;
            targets.add(TargetDefinition.single(name, scsi(device, false)).withChap(chapConfig));
        }
        IscsiTarget target = IscsiTarget.start(IscsiTargetConfig.of(new InetSocketAddress(bind, port), targets, null));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            target.stop();
            for (BlockDevice d : devices) {
                try {
                    d.close();
                } catch (IOException e) {
                    System.err.println("closing " + d + ": " + e);
                }
            }
            stopped.countDown();
        }));
        stopped.await();
    }

    private static ScsiDevice scsi(BlockDevice device, boolean writeCache) {
        return ScsiDevice.builder(device).writeCacheEnabled(writeCache)
            .maxTransferLength(IscsiTarget.maxTransferBlocks(512)).build();
    }

    /** The lowers (bottom first) under the writable layer; a missing data file is created (size: the lowers'). */
    private static Image openImage(List<Path> lowers, Path[] upper) throws IOException {
        List<LocalFileSource> sources = new ArrayList<>();
        for (Path p : lowers) {
            sources.add(LocalFileSource.open(p));
        }
        LayerStack stack = sources.isEmpty() ? null : LayerStack.openBlobs(sources);
        RwLayer rw = null;
        if (upper != null) {
            rw = Files.exists(upper[0]) ? RwLayer.open(upper[0], upper[1], true)
                : RwLayer.create(upper[0], upper[1], LayerInfo.of(0));
        }
        return Image.open(stack, rw);
    }
}
