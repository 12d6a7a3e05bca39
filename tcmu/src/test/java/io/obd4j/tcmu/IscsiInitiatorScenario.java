package io.obd4j.tcmu;

import static io.obd4j.tcmu.VmChecks.check;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * In the VM: the kernel's iSCSI initiator (open-iscsi's iscsid + iscsi_tcp) logs into obd4j's iSCSI target running
 * in the host's test JVM ({@link TcmuKernelIT}, reached at 10.0.2.2 through qemu's user network), and the whole LUN
 * must hash to the fixture's sha256.
 */
final class IscsiInitiatorScenario {
    private final String portal;
    private final String iqn;
    private final Path work;

    /** @param portal {@code host:port} of the target as the guest reaches it */
    IscsiInitiatorScenario(String portal, String iqn, Path work) {
        this.portal = portal;
        this.iqn = iqn;
        this.work = work;
    }

    void run(FixtureImages.Expected expected) throws Exception {
        // iscsid ends its whole process group when it stops: a session of its own keeps this JVM out of that.
        Process iscsid = new ProcessBuilder("setsid", "iscsid", "-f").redirectErrorStream(true)
                .redirectOutput(work.resolve("iscsid.out").toFile()).start();
        boolean loggedIn = false;
        try {
            String targets = discover();
            VmChecks.note("SendTargets: " + targets.strip().replace('\n', ' '));
            check("discovery lists " + iqn, targets.contains(iqn), targets);
            // The target answers with the address it sees itself on (the host's loopback): add the node by hand.
            VmChecks.sh("iscsiadm new node", "iscsiadm", "-m", "node", "-o", "new", "-T", iqn, "-p", portal);
            VmChecks.sh("iscsiadm login", "iscsiadm", "-m", "node", "-T", iqn, "-p", portal, "--login");
            loggedIn = true;
            String dev = waitForLun0();
            System.out.println("iSCSI login to " + iqn + " at " + portal + ": " + dev);
            check("iSCSI disk appeared", !dev.isEmpty(), "");
            String sd = dev.substring("/dev/".length());
            check("iSCSI disk size", VmChecks.read("/sys/block/" + sd + "/size")
                    .equals(Long.toString(expected.vsize() / 512)), VmChecks.read("/sys/block/" + sd + "/size"));
            long t0 = System.nanoTime();
            String sha = VmChecks.sha256(Path.of(dev), expected.vsize());
            VmChecks.note(String.format("read %d MiB over iSCSI in %.1f s", expected.vsize() >> 20,
                    (System.nanoTime() - t0) / 1e9));
            check("iSCSI whole-disk sha256 is the fixture's", sha.equals(expected.sha256()), sha);
        } finally {
            if (loggedIn) {
                VmChecks.sh("iscsiadm logout", "iscsiadm", "-m", "node", "-T", iqn, "-p", portal, "--logout");
            }
            iscsid.destroy();
            iscsid.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** SendTargets discovery, retried while iscsid starts up. */
    private String discover() throws Exception {
        Exception last = null;
        for (int i = 0; i < 40; i++) {
            Process p = new ProcessBuilder("iscsiadm", "-m", "discovery", "-t", "st", "-p", portal)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() == 0) {
                return out;
            }
            last = new Exception("iscsiadm discovery: " + out.strip());
            Thread.sleep(500);
        }
        throw last;
    }

    /** {@code /dev/sdX} of LUN 0 of the (only) iSCSI session, or "". */
    private static String waitForLun0() throws Exception {
        Path sessions = Path.of("/sys/class/iscsi_session");
        for (int i = 0; i < 300; i++) {
            try (var s = Files.list(sessions)) {
                for (Path session : (Iterable<Path>) s::iterator) {
                    File[] targets = session.resolve("device").toFile().listFiles((d, n) -> n.startsWith("target"));
                    for (File t : targets == null ? new File[0] : targets) {
                        File[] luns = t.listFiles((d, n) -> n.endsWith(":0"));
                        if (luns != null && luns.length > 0) {
                            String dev = VmChecks.waitForBlock(luns[0].toPath().resolve("block"));
                            if (!dev.isEmpty()) {
                                return dev;
                            }
                        }
                    }
                }
            } catch (NoSuchFileException e) {
                // no session yet
            }
            Thread.sleep(100);
        }
        return "";
    }
}
