package io.obd4j.tcmu;

import io.obd4j.core.image.RawFileDevice;
import io.obd4j.core.scsi.DeviceIdentity;
import io.obd4j.core.scsi.ScsiDevice;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * For scripts/bench-tcmu.sh, inside the test VM as root: serves a raw image read-only through TCMU, attaches it with
 * the snapshotter's configfs sequence, prints {@code DEVICE /dev/sdX}, and detaches and exits when stdin closes or
 * says {@code stop}.
 * <pre>
 * java -cp ... io.obd4j.tcmu.TcmuBenchServe IMAGE.raw [SNAPSHOT_ID] [WORKERS]
 * </pre>
 */
public final class TcmuBenchServe {
    private TcmuBenchServe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: TcmuBenchServe IMAGE.raw [SNAPSHOT_ID] [WORKERS]");
            System.exit(2);
        }
        Path image = Path.of(args[0]).toAbsolutePath();
        String sn = args.length > 1 ? args[1] : "7001";
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path config = Files.createTempFile("bench", ".config.v1.json");
        Files.writeString(config, "{}");
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        TcmuHandler handler = TcmuHandler.system(name -> ScsiDevice.builder(RawFileDevice.open(image, true))
                .identity(DeviceIdentity.overlaybd("bench" + sn, name.cfgString())).build(), pool);
        handler.start();
        ConfigfsTarget target = ConfigfsTarget.system();
        ConfigfsTarget.Attachment a = target.attach(sn, config, -1, false, null);
        String dev = a.device().isEmpty() ? VmChecks.waitForDisk(a.address()) : a.device();
        System.out.println("DEVICE " + dev);
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null && !line.strip().equals("stop"); line = in.readLine()) {
                continue;
            }
        }
        target.detach(sn, -1);
        for (int i = 0; i < 300 && handler.deviceCount() > 0; i++) {
            Thread.sleep(100);
        }
        handler.close();
        Runtime.getRuntime().halt(0);
    }
}
