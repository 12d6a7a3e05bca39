package io.obd4j.tcmu;

import io.obd4j.core.image.RawFileDevice;
import io.obd4j.core.scsi.DeviceIdentity;
import io.obd4j.core.scsi.ScsiDevice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs inside the test VM ({@link TcmuKernelIT}) as root on a kernel with target_core_user and tcm_loop: the
 * snapshotter's attach sequence against our {@link TcmuHandler}, I/O through {@code /dev/sdX}, a handler restart
 * that adopts the live device, and detach. Prints one line per check; exit status 0 only if all passed.
 */
public final class TcmuKernelScenario {
    private static final long DISK = 64L << 20;
    private static final String SN = "4242";
    private static int failures;

    private TcmuKernelScenario() {
    }

    public static void main(String[] args) {
        try {
            run();
        } catch (Throwable t) {
            // the handler's non-daemon threads would keep the guest JVM (and the VM) alive until run.sh times out
            t.printStackTrace();
            System.out.println("not ok - scenario aborted: " + t);
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        Path work = Files.createTempDirectory("obd4j-it");
        Path disk = work.resolve("disk.img");
        Path config = work.resolve("config.v1.json");
        Files.writeString(config, "{}");
        byte[] image = new byte[(int) DISK];
        new SplittableRandom(42).nextBytes(image);
        Files.write(disk, image);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Path broken = work.resolve("broken.json");
        TcmuHandler.DeviceOpener opener = name -> {
            if (name.configPath().equals(broken.toString())) {
                throw new IOException("failed to open layer 3");
            }
            check("cfgstring config path", name.configPath().equals(config.toString()), name.configPath());
            return ScsiDevice.builder(RawFileDevice.open(disk, false))
                    .identity(DeviceIdentity.overlaybd("obd4jit", name.cfgString())).build();
        };
        TcmuHandler handler = TcmuHandler.system(opener, pool);
        handler.start();
        ConfigfsTarget target = ConfigfsTarget.system();
        try {
            target.attach("4343", broken, -1, false, null);
            check("enable fails when the image cannot be opened", false, "attach succeeded");
        } catch (IOException e) {
            System.out.println("  " + e.getMessage());
            check("enable fails when the image cannot be opened", e.getMessage().contains("failed to write enable"),
                    e.getMessage());
            check("failed device removed", !Files.exists(target.layout("4343", -1).target()), "");
        }
        ConfigfsTarget.Attachment a = target.attach(SN, config, -1, false, null);
        String dev = a.device().isEmpty() ? waitForDisk(a.address()) : a.device();
        System.out.println("attached " + a.layout().target() + " at " + a.address() + " as " + dev);
        check("disk appeared", !dev.isEmpty(), a.address());
        String sd = dev.substring("/dev/".length());
        check("vendor", read("/sys/block/" + sd + "/device/vendor").equals("LIO-ORG"), "");
        check("model", read("/sys/block/" + sd + "/device/model").equals("TCMU device"), "");
        check("size in sectors", read("/sys/block/" + sd + "/size").equals(Long.toString(DISK / 512)), "");
        verifyReads(Path.of(dev), image, "reads");
        writeAndCheck(Path.of(dev), disk, image);

        handler.close();
        System.out.println("handler closed; restarting to adopt " + dev);
        TcmuHandler second = TcmuHandler.system(opener, pool);
        second.start();
        check("adopted after restart", second.deviceCount() == 1, "devices " + second.deviceCount());
        dropCaches();
        verifyReads(Path.of(dev), image, "reads after restart");

        target.detach(SN, -1);
        long deadline = System.currentTimeMillis() + 60_000;
        while (second.deviceCount() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        check("REMOVED handled", second.deviceCount() == 0, "devices " + second.deviceCount());
        second.close();
        pool.shutdownNow();
        System.out.println(failures == 0 ? "ALL PASS" : failures + " FAILED");
        System.exit(failures == 0 ? 0 : 1);
    }

    private static void verifyReads(Path dev, byte[] image, String what) throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        try (FileChannel ch = FileChannel.open(dev, StandardOpenOption.READ)) {
            boolean ok = true;
            for (int i = 0; i < 64 && ok; i++) {
                long off = i == 0 ? 0 : r.nextLong(DISK / 512 - 256) * 512;
                int len = 512 * (1 + r.nextInt(256));
                ByteBuffer b = ByteBuffer.allocate(len);
                while (b.hasRemaining() && ch.read(b, off + b.position()) > 0) {
                    continue;
                }
                ok = Arrays.equals(b.array(), Arrays.copyOfRange(image, (int) off, (int) off + len));
                if (!ok) {
                    System.out.println("  mismatch at " + off + " len " + len);
                }
            }
            check(what + " match the image", ok, "");
        }
    }

    private static void writeAndCheck(Path dev, Path disk, byte[] image) throws IOException {
        byte[] data = new byte[1 << 20];
        new SplittableRandom(9).nextBytes(data);
        long off = 8L << 20;
        try (FileChannel ch = FileChannel.open(dev, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b, off + b.position());
            }
            ch.force(true);
        }
        byte[] back = new byte[data.length];
        try (FileChannel ch = FileChannel.open(disk, StandardOpenOption.READ)) {
            ch.read(ByteBuffer.wrap(back), off);
        }
        check("write reached the backing file", Arrays.equals(back, data), "");
        System.arraycopy(data, 0, image, (int) off, data.length);
    }

    private static String waitForDisk(String address) throws Exception {
        Path block = Path.of("/sys/class/scsi_device/" + address + ":0/device/block");
        for (int i = 0; i < 600; i++) {
            if (Files.isDirectory(block)) {
                try (var s = Files.list(block)) {
                    var first = s.findFirst();
                    if (first.isPresent()) {
                        return "/dev/" + first.get().getFileName();
                    }
                }
            }
            Thread.sleep(100);
        }
        return "";
    }

    private static void dropCaches() {
        try {
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
        } catch (IOException e) {
            System.out.println("  cannot drop caches: " + e);
        }
    }

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file)).strip();
    }

    private static void check(String what, boolean ok, String detail) {
        System.out.println((ok ? "ok - " : "not ok - ") + what + (ok || detail.isEmpty() ? "" : " (" + detail + ")"));
        if (!ok) {
            failures++;
        }
    }
}
