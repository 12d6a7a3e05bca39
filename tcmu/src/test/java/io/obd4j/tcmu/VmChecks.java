package io.obd4j.tcmu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What the in-VM scenarios ({@link TcmuKernelScenario}) share: TAP-like check lines and a failure count, the guest's
 * sysfs, shell commands and whole-device checksums.
 */
final class VmChecks {
    /** Kernel messages that mean an I/O failed somewhere below a filesystem or a raw reader. */
    private static final Pattern IO_ERROR = Pattern.compile(
            "I/O error|blk_update_request|Buffer I/O error|critical target error|EXT4-fs error|"
                    + "tcmu.*(timed out|failed)|rejecting I/O|Aborting journal");
    private static int failures;

    private VmChecks() {
    }

    static void check(String what, boolean ok, String detail) {
        System.out.println((ok ? "ok - " : "not ok - ") + what + (ok || detail.isEmpty() ? "" : " (" + detail + ")"));
        if (!ok) {
            failures++;
        }
    }

    static int failures() {
        return failures;
    }

    static void note(String text) {
        System.out.println("  " + text);
    }

    /** The {@code sd} disk tcm_loop made for SCSI address {@code H:C:T} (LUN 0), or "" after 60 s. */
    static String waitForDisk(String address) throws InterruptedException, IOException {
        return waitForBlock(Path.of("/sys/class/scsi_device/" + address + ":0/device/block"));
    }

    /** The one block device under {@code blockDir} as {@code /dev/sdX}, or "" after 60 s. */
    static String waitForBlock(Path blockDir) throws InterruptedException, IOException {
        for (int i = 0; i < 600; i++) {
            if (Files.isDirectory(blockDir)) {
                try (var s = Files.list(blockDir)) {
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

    static void dropCaches() {
        try {
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
        } catch (IOException e) {
            note("cannot drop caches: " + e);
        }
    }

    static String read(String file) throws IOException {
        return Files.readString(Path.of(file)).strip();
    }

    /** Runs {@code command}; returns its combined output and fails the check {@code what} on a non-zero exit. */
    static String sh(String what, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean exited = p.waitFor(120, TimeUnit.SECONDS);
        int rc = exited ? p.exitValue() : -1;
        if (!exited) {
            p.destroyForcibly();
        }
        if (rc != 0) {
            check(what, false, String.join(" ", command) + " exited " + rc + ": " + out.strip());
            throw new IOException(what + " failed");
        }
        return out;
    }

    /** sha256 of the first {@code length} bytes of {@code file}, as lowercase hex. */
    static String sha256(Path file, long length) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = 0;
            while (pos < length) {
                b.clear().limit((int) Math.min(b.capacity(), length - pos));
                int n = ch.read(b, pos);
                if (n <= 0) {
                    break;
                }
                pos += n;
                md.update(b.flip());
            }
            if (pos != length) {
                throw new IOException(file + ": ended at byte " + pos + ", expected " + length);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Kernel log lines since boot that report a failed I/O. */
    static List<String> dmesgIoErrors() throws IOException, InterruptedException {
        List<String> bad = new ArrayList<>();
        for (String line : sh("dmesg", "dmesg").split("\n")) {
            if (IO_ERROR.matcher(line).find()) {
                bad.add(line);
            }
        }
        return bad;
    }
}
