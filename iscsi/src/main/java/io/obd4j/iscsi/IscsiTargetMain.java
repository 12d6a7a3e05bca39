package io.obd4j.iscsi;

import io.obd4j.core.image.RawFileDevice;
import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.iscsi.login.ChapConfig;
import io.obd4j.iscsi.login.TargetDefinition;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A minimal launcher for manual runs (the daemon wires the real one): serves raw image files, one target per file
 * ({@code <iqn-prefix>:<n>}, LUN 0), until interrupted.
 * <pre>
 * java ... io.obd4j.iscsi.IscsiTargetMain [--bind 127.0.0.1] [--port 3260] [--iqn iqn.2025-01.io.obd4j:disk]
 *     [--chap user:secret] [--read-only] image.raw...
 * </pre>
 * The CHAP secret may also come from the environment variable {@code OBD4J_CHAP} (user:secret) to keep it out of
 * the process list.
 */
public final class IscsiTargetMain {
    private IscsiTargetMain() {
    }

    public static void main(String[] args) throws Exception {
        String bind = "127.0.0.1";
        int port = 3260;
        String iqn = "iqn.2025-01.io.obd4j:disk";
        String chap = System.getenv("OBD4J_CHAP");
        boolean readOnly = false;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bind": bind = args[++i]; break;
                case "--port": port = Integer.parseInt(args[++i]); break;
                case "--iqn": iqn = args[++i]; break;
                case "--chap": chap = args[++i]; break;
                case "--read-only": readOnly = true; break;
                default: files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: IscsiTargetMain [--bind A] [--port P] [--iqn IQN] [--chap u:s] [--read-only]"
                + " image.raw...");
            System.exit(2);
        }
        ChapConfig chapConfig = null;
        if (chap != null) {
            int colon = chap.indexOf(':');
            chapConfig = ChapConfig.oneWay(chap.substring(0, colon), chap.substring(colon + 1));
        }
        List<TargetDefinition> targets = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            ScsiDevice device = ScsiDevice.builder(RawFileDevice.open(files.get(i), readOnly)).build();
            String name = files.size() == 1 ? iqn : iqn + ":" + i;
            targets.add(TargetDefinition.single(name, device).withChap(chapConfig));
        }
        IscsiTarget target = IscsiTarget.start(IscsiTargetConfig.of(new InetSocketAddress(bind, port), targets, null));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            target.stop();
            stopped.countDown();
        }));
        stopped.await();
    }
}
