package io.obd4j.daemon.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.DownloadConfig;
import io.obd4j.core.config.OverlaybdConfig;
import io.obd4j.core.ext4.Ext4Filesystem;
import io.obd4j.core.ext4.Ext4Images;
import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.metrics.Obd4jMetrics;
import io.obd4j.core.prefetch.PrefetchProgress;
import io.obd4j.daemon.Main;
import io.obd4j.registry.BlobPusher;
import io.obd4j.registry.Digest;
import io.obd4j.registry.FaultProxy;
import io.obd4j.registry.RegistryClient;
import io.obd4j.registry.RegistryPeer;
import io.obd4j.registry.Repository;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prefetch proof's setup: an ext4 image made by {@code mke2fs -d}, imported with {@code obd4j import-raw -z -t}
 * as one layer, pushed to a loopback docker-registry, and served through the counting proxy of the registry-fetch
 * tests. {@link #open} opens it as a device with its own (cold) blob cache; {@link #containerStart} reads the files
 * a container start would, resolving them with the ext4 reader on the device.
 */
final class PrefetchRig implements AutoCloseable {
    /** What "the container" reads at start. */
    static final List<String> START_FILES = startFiles();

    final Path dir;
    final Path tree;
    final RegistryPeer peer;
    final FaultProxy proxy;
    final Digest digest;
    final long size;
    private int runs;

    private PrefetchRig(Path dir, Path tree, RegistryPeer peer, FaultProxy proxy, Digest digest, long size) {
        this.dir = dir;
        this.tree = tree;
        this.peer = peer;
        this.proxy = proxy;
        this.digest = digest;
        this.size = size;
    }

    static final int LIBS = 8;

    static String lib(int i) {
        return "/usr/lib/libs/lib" + i + ".so";
    }

    private static List<String> startFiles() {
        List<String> l = new ArrayList<>(List.of("/etc/hostname", "/etc/os-release", "/usr/bin/app",
                "/usr/lib64/deep/nested/dir/file.txt", Ext4Images.SPARSE));
        for (int i = 0; i < LIBS; i += 2) {
            l.add(lib(i));
        }
        for (int i = 0; i < 3000; i += 97) {
            l.add(Ext4Images.MANY + "/entry-with-a-longish-name-" + i);
        }
        return List.copyOf(l);
    }

    static PrefetchRig start(Path dir) throws Exception {
        Path tree = Ext4Images.writeTree(Files.createDirectories(dir.resolve("tree")));
        for (int i = 0; i < LIBS; i++) {
            Ext4Images.writeRandom(tree, lib(i), 384 << 10, 100 + i);
        }
        Path img = Ext4Images.make(tree, dir.resolve("rootfs.ext4"), 64, "64bit");
        Path layer = dir.resolve("rootfs.layer");
        int exit = Main.commandLine().execute("import-raw", "-z", "-t", img.toString(), layer.toString());
        assertThat(exit).as("obd4j import-raw").isZero();
        RegistryPeer peer = RegistryPeer.start(dir.resolve("peers"));
        Digest d = Digest.sha256(Files.readAllBytes(layer));
        try (RegistryClient c = RegistryClient.builder().build()) {
            new BlobPusher(c).pushMonolithic(Repository.of(peer.url(), "obd4j/prefetch"), d, layer);
        }
        return new PrefetchRig(dir, tree, peer, new FaultProxy(peer.url()), d, Files.size(layer));
    }

    /** A device on the pushed layer read through the proxy, with a fresh cache; {@code trace} may be null. */
    Device open(Path trace, int concurrency) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run" + (++runs)));
        OverlaybdConfig global = ConfigLoader.parseGlobal("{\"cacheConfig\":{\"cacheType\":\"file\",\"cacheDir\":\""
                + run.resolve("cache") + "\",\"cacheSizeGB\":1,\"refillSize\":65536},\"prefetchConfig\":"
                + "{\"concurrency\":" + concurrency + "}}", "overlaybd.json").config();
        ObjectNode c = FormatImageOpenerTest.JSON.createObjectNode();
        c.put("repoBlobUrl", proxy.url() + "/v2/obd4j/prefetch/blobs");
        c.putArray("lowers").addObject().put("digest", digest.toString()).put("size", size);
        if (trace != null) {
            c.put("recordTracePath", trace.toString());
        }
        c.put("resultFile", run.resolve("result").toString());
        Path cfg = Files.writeString(run.resolve("config.v1.json"), c.toString());
        Obd4jMetrics metrics = new Obd4jMetrics();
        FormatImageOpener opener = new FormatImageOpener(global, AuditLog.disabled(), metrics);
        DeviceRegistry reg = new DeviceRegistry(opener, () -> new DownloadConfig(false, 300, 30, 100, 5, 262144),
                Clock.systemUTC());
        int before = proxy.blobRequests.get();
        reg.open(cfg, "dev");
        assertThat(Files.readString(run.resolve("result"))).isEqualTo("success");
        return new Device(reg, opener, metrics, proxy.blobRequests.get() - before);
    }

    /** An open device and what opening it cost. */
    final class Device implements Closeable {
        final DeviceRegistry reg;
        final FormatImageOpener opener;
        final Obd4jMetrics metrics;
        final int openRequests;

        Device(DeviceRegistry reg, FormatImageOpener opener, Obd4jMetrics metrics, int openRequests) {
            this.reg = reg;
            this.opener = opener;
            this.metrics = metrics;
            this.openRequests = openRequests;
        }

        BlockDevice block() {
            return reg.blockDevice("dev").orElseThrow();
        }

        OpenedImage image() {
            return (OpenedImage) reg.tracked("dev").orElseThrow().inner();
        }

        /** Reads {@code files} as a container start would; returns the registry round trips it caused. */
        int read(List<String> files) throws IOException {
            int before = proxy.blobRequests.get();
            Ext4Filesystem fs = Ext4Filesystem.open(block(), "dev");
            for (String f : files) {
                assertThat(fs.readAll(fs.resolve(f))).as(f).isEqualTo(Ext4Images.expected(tree, realPath(f)));
            }
            return proxy.blobRequests.get() - before;
        }

        /** Waits until the replay has ended (any way) and returns its progress. */
        PrefetchProgress awaitPrefetch() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            PrefetchProgress p = image().prefetch().progress();
            while ((p == null || !p.finished()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                p = image().prefetch().progress();
            }
            assertThat(p).as("prefetch progress").isNotNull();
            assertThat(p.finished()).as("prefetch finished: " + p).isTrue();
            return p;
        }

        @Override
        public void close() throws IOException {
            try {
                reg.close("dev");
            } catch (ImageServiceException e) {
                throw new IOException(e);
            } finally {
                opener.close();
            }
        }
    }

    private static String realPath(String f) {
        return f.replace("/usr/lib64/", "/usr/lib/");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        proxy.close();
        peer.close();
    }
}
