package io.obd4j.tcmu;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.image.RawFileDevice;
import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.nativeio.Errno;
import io.obd4j.nativeio.MappedRegion;
import io.obd4j.nativeio.NativeFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handler's device life cycle against a directory-tree sysfs/configfs and fake-kernel rings. */
class TcmuHandlerTest {
    private static final String OBD = "tcm-user/999999999/dev_%d/overlaybd//var/lib/s/%d/block/config.v1.json";

    @TempDir
    Path dir;

    private final Map<Integer, FakeTcmuKernel> kernels = new ConcurrentHashMap<>();
    private final List<TcmuDeviceName> opened = new ArrayList<>();
    private final LinkedBlockingQueue<Object[]> replies = new LinkedBlockingQueue<>();
    private ExecutorService pool;
    private TcmuHandler handler;
    private UioSysfs sysfs;
    private Path configfs;

    @BeforeEach
    void setUp() {
        pool = Executors.newFixedThreadPool(4);
        sysfs = new UioSysfs(dir.resolve("sys/class/uio"), dir.resolve("dev"));
        configfs = dir.resolve("config/target/core");
        handler = new TcmuHandler(sysfs, new TcmuControl(dir.resolve("params"), configfs), this::openImage,
                this::openUio, pool);
    }

    @AfterEach
    void tearDown() throws Exception {
        handler.close();
        pool.shutdownNow();
        for (FakeTcmuKernel k : kernels.values()) {
            k.close();
        }
    }

    private ScsiDevice openImage(TcmuDeviceName name) throws IOException {
        synchronized (opened) {
            opened.add(name);
        }
        if (name.configPath().contains("broken")) {
            throw new IOException("failed to open layer 3");
        }
        Path disk = dir.resolve(name.deviceName() + ".img");
        return ScsiDevice.builder(RawFileDevice.create(disk, 1 << 20)).build();
    }

    private UioDevice openUio(int minor, TcmuDeviceName name) throws IOException {
        FakeTcmuKernel k = new FakeTcmuKernel(dir.resolve("uio" + minor + ".map"), 4096 - 128, 64 << 10, 0xF, minor);
        kernels.put(minor, k);
        assertThat(sysfs.mapSize(minor)).isEqualTo(k.mapSize());
        NativeFile f = NativeFile.openReadWrite(k.path());
        MappedRegion map = MappedRegion.map(f.fd(), k.mapSize(), 0);
        f.close();
        return new UioDevice(minor, name, k.userFd(), map);
    }

    private void uio(int minor, String name) throws IOException {
        Path d = sysfs.deviceNode(minor).getParent().resolve("../sys/class/uio/uio" + minor).normalize();
        Files.createDirectories(d.resolve("maps/map0"));
        Files.writeString(d.resolve("name"), name + "\n");
        Files.writeString(d.resolve("maps/map0/size"), String.format("0x%016x%n", 4096 + (64 << 10)));
        try {
            TcmuDeviceName n = TcmuDeviceName.parse(name);
            Path action = configfs.resolve(n.hbaDirectory()).resolve(n.deviceName()).resolve("action");
            Files.createDirectories(action);
            Files.writeString(action.resolve("block_dev"), "0");
            Files.writeString(action.resolve("reset_ring"), "");
        } catch (IllegalArgumentException e) {
            // not a TCMU name: no configfs directory
        }
    }

    @Test
    void adoptsOnlyExistingOverlaybdDevicesAndServesThem() throws Exception {
        uio(0, String.format(OBD, 7, 7));
        uio(1, "tcm-user/1/vol/file//tmp/backing");
        uio(2, "some-other-uio-driver");
        handler.adoptExisting();
        assertThat(handler.deviceCount()).isEqualTo(1);
        assertThat(handler.device(0)).isNotNull();
        assertThat(opened).extracting(TcmuDeviceName::configPath).containsExactly("/var/lib/s/7/block/config.v1.json");
        Path action = configfs.resolve("user_999999999/dev_7/action");
        assertThat(Files.readString(action.resolve("reset_ring"))).isEqualTo("1");
        assertThat(Files.readString(action.resolve("block_dev"))).isEqualTo("0");
        assertThat(Files.readString(configfs.resolve("user_1/vol/action/reset_ring"))).isEmpty();

        FakeTcmuKernel k = kernels.get(0);
        List<FakeTcmuKernel.Completion> done = new ArrayList<>();
        assertThat(k.queue(new byte[] {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}, null, 8, done::add)).isTrue();
        assertThat(k.queue(new byte[] {0x00, 0, 0, 0, 0, 0}, null, 0, done::add)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (done.size() < 2 && System.nanoTime() < deadline) {
            k.reap(20);
        }
        assertThat(done).hasSize(2);
        assertThat(done).allSatisfy(c -> assertThat(c.status()).isZero());
        assertThat(k.errors()).isEmpty();
    }

    @Test
    void netlinkEventsOpenAndCloseDevicesAndAreAnswered() throws Exception {
        uio(3, String.format(OBD, 3, 3));
        uio(4, "tcm-user/999999999/dev_4/overlaybd//var/lib/s/broken/config.v1.json;44");
        handler.handle(event(TcmuNetlinkFormat.CMD_ADDED_DEVICE, 3, String.format(OBD, 3, 3), 30), this::record);
        assertThat(nextReply()).containsExactly(TcmuNetlinkFormat.CMD_ADDED_DEVICE, 30, 0);
        assertThat(handler.device(3)).isNotNull();

        handler.handle(event(TcmuNetlinkFormat.CMD_ADDED_DEVICE, 4,
                "tcm-user/999999999/dev_4/overlaybd//var/lib/s/broken/config.v1.json;44", 40), this::record);
        assertThat(nextReply()).containsExactly(TcmuNetlinkFormat.CMD_ADDED_DEVICE, 40, -Errno.ENOENT);
        assertThat(handler.device(4)).isNull();
        assertThat(opened.get(1).devId()).isEqualTo("44");

        handler.handle(event(TcmuNetlinkFormat.CMD_ADDED_DEVICE, 5, "tcm-user/1/d/qcow//x", 50), this::record);
        assertThat(nextReply()).containsExactly(TcmuNetlinkFormat.CMD_ADDED_DEVICE, 50, -Errno.ENOENT);

        handler.handle(event(TcmuNetlinkFormat.CMD_RECONFIG_DEVICE, 3, String.format(OBD, 3, 3), 30), this::record);
        assertThat(nextReply()).containsExactly(TcmuNetlinkFormat.CMD_RECONFIG_DEVICE, 30, -Errno.EOPNOTSUPP);

        handler.handle(event(TcmuNetlinkFormat.CMD_REMOVED_DEVICE, 3, String.format(OBD, 3, 3), 30), this::record);
        assertThat(nextReply()).containsExactly(TcmuNetlinkFormat.CMD_REMOVED_DEVICE, 30, 0);
        assertThat(handler.deviceCount()).isZero();
    }

    private static TcmuEvent event(int cmd, int minor, String device, int id) {
        return new TcmuEvent(cmd, 2, 1, device, minor, id, null, -1, -1);
    }

    private void record(TcmuEvent e, int status) {
        replies.add(new Object[] {e.command(), e.deviceId(), status});
    }

    private Object[] nextReply() throws InterruptedException {
        Object[] r = replies.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a reply within 10 s").isNotNull();
        return r;
    }
}
