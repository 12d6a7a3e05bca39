package io.obd4j.tcmu;

import static io.obd4j.tcmu.VmChecks.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * In the VM: a writable image (a new append-only LSMT layer over the 3-layer fixture stack) through TCMU as a
 * filesystem. mkfs.ext4, mount, write files, then restart the handler while {@link DirectIoLoop} writes and reads
 * with O_DIRECT (the new handler adopts the device, §3.10), unmount, detach, reattach (the image is reopened from
 * its files), mount and read every file back.
 */
final class WritableImageScenario {
    private static final String SN = "4402";
    private static final int FILES = 12;

    private final ConfigfsTarget target;
    private final Path work;
    private final Callable<TcmuHandler> newHandler;
    private final Map<String, String> sums = new LinkedHashMap<>();

    WritableImageScenario(ConfigfsTarget target, Path work, Callable<TcmuHandler> newHandler) {
        this.target = target;
        this.work = work;
        this.newHandler = newHandler;
    }

    /** Runs the scenario on {@code handler}; returns the handler serving afterwards (the restarted one). */
    TcmuHandler run(TcmuHandler handler) throws Exception {
        Path config = FixtureImages.writable(work, "stack3");
        Path mnt = Files.createDirectories(work.resolve("mnt"));
        String dev = attach(config, "writable stack3");
        String sd = dev.substring("/dev/".length());
        check("writable disk is not write-protected", VmChecks.read("/sys/block/" + sd + "/ro").equals("0"), "");
        VmChecks.sh("mkfs.ext4", "mkfs.ext4", "-q", "-F", dev);
        check("mkfs.ext4", true, "");
        VmChecks.sh("mount", "mount", dev, mnt.toString());
        writeFiles(mnt);
        VmChecks.sh("sync", "sync");
        check("files written and synced", true, "");

        TcmuHandler serving = restartUnderIo(handler, mnt);

        VmChecks.sh("umount", "umount", mnt.toString());
        TcmuKernelScenario.detach(target, serving, SN);
        VmChecks.dropCaches();
        dev = attach(config, "reattached writable stack3");
        VmChecks.sh("mount again", "mount", dev, mnt.toString());
        verifyFiles(mnt);
        VmChecks.sh("umount", "umount", mnt.toString());
        TcmuKernelScenario.detach(target, serving, SN);
        return serving;
    }

    private String attach(Path config, String what) throws Exception {
        ConfigfsTarget.Attachment a = target.attach(SN, config, -1, false, null);
        String dev = a.device().isEmpty() ? VmChecks.waitForDisk(a.address()) : a.device();
        System.out.println("attached " + what + " as " + dev);
        check(what + " disk appeared", !dev.isEmpty(), a.address());
        return dev;
    }

    private void writeFiles(Path mnt) throws IOException {
        SplittableRandom r = new SplittableRandom(2402);
        for (int i = 0; i < FILES; i++) {
            byte[] data = new byte[1 + r.nextInt(3 << 20)];
            r.nextBytes(data);
            String name = "file-" + i + ".bin";
            Files.write(mnt.resolve(name), data);
            sums.put(name, sha256(data));
        }
    }

    /**
     * Closes the handler while {@link DirectIoLoop} keeps commands coming, waits a moment with nobody serving the
     * ring, starts a new handler and checks that the loop continues without an error.
     */
    private TcmuHandler restartUnderIo(TcmuHandler handler, Path mnt) throws Exception {
        DirectIoLoop loop = new DirectIoLoop(mnt).start();
        check("direct I/O runs before the restart", loop.awaitMore(2, 120_000), "done " + loop.done());
        int before = loop.done();
        handler.close();
        Thread.sleep(1000);
        int whileDown = loop.done() - before;
        TcmuHandler second = newHandler.call();
        second.start();
        System.out.println("handler restarted under I/O (" + whileDown + " files finished while it was down)");
        check("adopted the writable device under I/O", second.deviceCount() == 1, "devices " + second.deviceCount());
        check("direct I/O continues after the restart", loop.awaitMore(3, 120_000),
                "done " + loop.done() + ", failure " + loop.failure());
        int done = loop.stop();
        check("no direct I/O failed across the restart", loop.failure() == null, String.valueOf(loop.failure()));
        VmChecks.note(done + " files of " + (DirectIoLoop.FILE_SIZE >> 10) + " KiB written and verified with O_DIRECT");
        for (int i = 0; i < done; i++) {
            sums.put(DirectIoLoop.fileName(i), sha256(DirectIoLoop.content(i)));
        }
        List<String> errors = VmChecks.dmesgIoErrors();
        errors.forEach(VmChecks::note);
        check("no I/O errors in the kernel log after the restart", errors.isEmpty(), errors.size() + " lines");
        return second;
    }

    private void verifyFiles(Path mnt) throws IOException {
        int good = 0;
        for (Map.Entry<String, String> e : sums.entrySet()) {
            Path f = mnt.resolve(e.getKey());
            String sum = Files.exists(f) ? sha256(Files.readAllBytes(f)) : "missing";
            if (sum.equals(e.getValue())) {
                good++;
            } else {
                VmChecks.note(e.getKey() + ": " + sum + ", expected " + e.getValue());
            }
        }
        check("all " + sums.size() + " files read back after detach/reattach", good == sums.size(),
                good + " of " + sums.size() + " match");
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
