package io.obd4j.tcmu;

import static io.obd4j.tcmu.VmChecks.check;

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
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs inside the test VM ({@link TcmuKernelIT}) as root on a kernel with target_core_user and tcm_loop, one
 * scenario after the other on one boot: the snapshotter's attach sequence against our {@link TcmuHandler} for a raw
 * disk (a failing open, I/O, restart-adopt, detach), the 3-layer fixture stack read-only (whole-disk sha256), a
 * writable image as ext4 with a handler restart under O_DIRECT I/O ({@link WritableImageScenario}), and open-iscsi
 * against obd4j's iSCSI target on the host ({@link IscsiInitiatorScenario}). Prints one line per check; exit status
 * 0 only if all passed.
 */
public final class TcmuKernelScenario {
    private static final long DISK = 64L << 20;
    private static final String SN = "4242";

    private TcmuKernelScenario() {
    }

    /**
     * @param args optional {@code --iscsi <host:port> <iqn>}: also log into that target (serving fixture stack3)
     *             with open-iscsi
     */
    public static void main(String[] args) {
        int status;
        try {
            run(args);
            status = VmChecks.failures() == 0 ? 0 : 1;
            System.out.println(status == 0 ? "ALL PASS" : VmChecks.failures() + " FAILED");
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            check("scenario ran to the end", false, e.toString());
            status = 1;
        }
        System.out.flush();
        // Runtime.halt: a handler thread stuck in a kernel call must not keep the VM up until it times out.
        Runtime.getRuntime().halt(status);
    }

    private static void run(String[] args) throws Exception {
        Path work = Files.createTempDirectory("obd4j-it");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        RawDisk raw = new RawDisk(work);
        TcmuHandler.DeviceOpener images = new LocalImageOpener();
        TcmuHandler.DeviceOpener opener = name -> raw.owns(name) ? raw.open(name) : images.open(name);
        TcmuHandler handler = TcmuHandler.system(opener, pool);
        handler.start();
        ConfigfsTarget target = ConfigfsTarget.system();
        handler = rawDisk(target, raw, handler, opener, pool);
        fixtureStack(target, work, handler);
        handler = new WritableImageScenario(target, work, () -> TcmuHandler.system(opener, pool)).run(handler);
        handler.close();
        pool.shutdownNow();
        if (args.length == 3 && args[0].equals("--iscsi")) {
            new IscsiInitiatorScenario(args[1], args[2], work).run(FixtureImages.Expected.of("stack3"));
        }
        List<String> errors = VmChecks.dmesgIoErrors();
        errors.forEach(VmChecks::note);
        check("kernel log reports no I/O errors", errors.isEmpty(), errors.size() + " lines");
    }

    /** A raw backing file (and a config that fails to open): attach, I/O, restart-adopt, detach. */
    private static TcmuHandler rawDisk(ConfigfsTarget target, RawDisk raw, TcmuHandler handler,
                                       TcmuHandler.DeviceOpener opener, ExecutorService pool) throws Exception {
        try {
            target.attach("4343", raw.broken, -1, false, null);
            check("enable fails when the image cannot be opened", false, "attach succeeded");
        } catch (IOException e) {
            System.out.println("  " + e.getMessage());
            check("enable fails when the image cannot be opened", e.getMessage().contains("failed to write enable"),
                    e.getMessage());
            check("failed device removed", !Files.exists(target.layout("4343", -1).target()), "");
        }
        ConfigfsTarget.Attachment a = target.attach(SN, raw.config, -1, false, null);
        String dev = a.device().isEmpty() ? VmChecks.waitForDisk(a.address()) : a.device();
        System.out.println("attached " + a.layout().target() + " at " + a.address() + " as " + dev);
        check("disk appeared", !dev.isEmpty(), a.address());
        String sd = dev.substring("/dev/".length());
        check("vendor", VmChecks.read("/sys/block/" + sd + "/device/vendor").equals("LIO-ORG"), "");
        check("model", VmChecks.read("/sys/block/" + sd + "/device/model").equals("TCMU device"), "");
        check("size in sectors", VmChecks.read("/sys/block/" + sd + "/size").equals(Long.toString(DISK / 512)), "");
        verifyReads(Path.of(dev), raw.image, "reads");
        writeAndCheck(Path.of(dev), raw.disk, raw.image);

        handler.close();
        System.out.println("handler closed; restarting to adopt " + dev);
        TcmuHandler second = TcmuHandler.system(opener, pool);
        second.start();
        check("adopted after restart", second.deviceCount() == 1, "devices " + second.deviceCount());
        VmChecks.dropCaches();
        verifyReads(Path.of(dev), raw.image, "reads after restart");

        detach(target, second, SN);
        return second;
    }

    /** Detaches snapshot {@code sn} and waits until the handler has handled REMOVED_DEVICE. */
    static void detach(ConfigfsTarget target, TcmuHandler handler, String sn) throws Exception {
        int before = handler.deviceCount();
        target.detach(sn, -1);
        long deadline = System.currentTimeMillis() + 60_000;
        while (handler.deviceCount() >= before && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        check("REMOVED handled for " + sn, handler.deviceCount() < before, "devices " + handler.deviceCount());
    }

    /** The 3-layer fixture stack (ZFile, LSMT, ZFile) read-only: the whole disk must hash to the C++ tools' sha256. */
    private static void fixtureStack(ConfigfsTarget target, Path work, TcmuHandler handler) throws Exception {
        FixtureImages.Expected expected = FixtureImages.Expected.of("stack3");
        Path config = FixtureImages.readOnly(work, "stack3");
        ConfigfsTarget.Attachment a = target.attach("4401", config, -1, false, null);
        String dev = a.device().isEmpty() ? VmChecks.waitForDisk(a.address()) : a.device();
        System.out.println("attached fixture stack3 as " + dev);
        check("stack3 disk appeared", !dev.isEmpty(), a.address());
        String sd = dev.substring("/dev/".length());
        check("stack3 size", VmChecks.read("/sys/block/" + sd + "/size").equals(Long.toString(expected.vsize() / 512)),
                VmChecks.read("/sys/block/" + sd + "/size"));
        check("stack3 is write-protected", VmChecks.read("/sys/block/" + sd + "/ro").equals("1"), "");
        long t0 = System.nanoTime();
        String sha = VmChecks.sha256(Path.of(dev), expected.vsize());
        VmChecks.note(String.format("read %d MiB in %.1f s", expected.vsize() >> 20, (System.nanoTime() - t0) / 1e9));
        check("stack3 whole-disk sha256 is the fixture's", sha.equals(expected.sha256()), sha);
        detach(target, handler, "4401");
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





    /** A random 64 MiB raw disk and its plain config (the opener serves it with {@link RawFileDevice}). */
    private static final class RawDisk {
        final Path disk;
        final Path config;
        final Path broken;
        final byte[] image = new byte[(int) DISK];

        RawDisk(Path work) throws IOException {
            disk = work.resolve("disk.img");
            config = work.resolve("config.v1.json");
            broken = work.resolve("broken.json");
            Files.writeString(config, "{}");
            new SplittableRandom(42).nextBytes(image);
            Files.write(disk, image);
        }

        boolean owns(TcmuDeviceName name) {
            return name.configPath().equals(config.toString()) || name.configPath().equals(broken.toString());
        }

        ScsiDevice open(TcmuDeviceName name) throws IOException {
            if (name.configPath().equals(broken.toString())) {
                throw new IOException("failed to open layer 3");
            }
            return ScsiDevice.builder(RawFileDevice.open(disk, false))
                    .identity(DeviceIdentity.overlaybd("obd4jit", name.cfgString())).build();
        }
    }
}
