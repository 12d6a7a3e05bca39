package io.obd4j.tcmu;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.image.RawFileDevice;
import io.obd4j.core.scsi.DeviceIdentity;
import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.nativeio.MappedRegion;
import io.obd4j.nativeio.NativeFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs thousands of SCSI commands through the fake kernel's ring into a {@link DeviceWorker} backed by a real
 * {@link ScsiDevice} over a file, with concurrent out-of-order completion, and checks every response.
 */
class DeviceWorkerTest {
    private static final int DISK = 16 << 20;
    private static final int REGION = 64 << 10;
    private static final int DEPTH = 48;
    private static final String CFG = "overlaybd//tmp/config.v1.json";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    @Timeout(120)
    void randomCommandMixCompletesCorrectly(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] model = new byte[DISK];
        BitSet busy = new BitSet();
        List<String> mismatches = new ArrayList<>();
        int[] order = new int[2];
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (FakeTcmuKernel k = new FakeTcmuKernel(dir.resolve("uio"), 32 * 1024 - 128, 1 << 20, 0xF, seed);
             NativeFile f = NativeFile.openReadWrite(k.path());
             RawFileDevice disk = RawFileDevice.create(dir.resolve("disk"), DISK)) {
            UioDevice device = new UioDevice(0, TcmuDeviceName.parse("tcm-user/1/dev_1/" + CFG), k.userFd(),
                    MappedRegion.map(f.fd(), k.mapSize(), 0));
            ScsiDevice scsi = ScsiDevice.builder(new DelayingBlockDevice(disk))
                    .identity(DeviceIdentity.overlaybd("abc123", CFG)).build();
            DeviceWorker worker = new DeviceWorker(device, scsi, pool).start();
            int total = 3000;
            int issued = 0;
            int[] completed = new int[1];
            int lastId = -1;
            while (completed[0] < total) {
                boolean queued = false;
                if (issued < total && k.inFlight() < DEPTH) {
                    int region = pickFreeRegion(random, busy);
                    if (region >= 0) {
                        Op op = nextOp(random, region, model, mismatches, busy, completed, order);
                        queued = k.queue(op.cdb, op.dataOut, op.dataIn, op.check);
                        if (queued) {
                            issued++;
                            busy.set(region);
                        }
                    }
                }
                k.reap(queued ? 0 : 20);
                assertThat(worker.failure()).isNull();
            }
            assertThat(worker.stop(5000)).isTrue();
            device.close();
            assertThat(k.errors()).isEmpty();
            assertThat(mismatches).isEmpty();
            assertThat(k.padsWritten()).as("ring wrapped with PAD entries").isPositive();
            assertThat(order[1]).as("completions out of submission order").isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    private record Op(byte[] cdb, byte[] dataOut, int dataIn, Consumer<FakeTcmuKernel.Completion> check) {
    }

    private static int pickFreeRegion(SplittableRandom random, BitSet busy) {
        int regions = DISK / REGION;
        int start = random.nextInt(regions);
        for (int i = 0; i < regions; i++) {
            int r = (start + i) % regions;
            if (!busy.get(r)) {
                return r;
            }
        }
        return -1;
    }

    private static Op nextOp(SplittableRandom random, int region, byte[] model, List<String> bad, BitSet busy,
                             int[] completed, int[] order) {
        int sectorsInRegion = REGION / 512;
        int first = random.nextInt(sectorsInRegion);
        int count = 1 + random.nextInt(sectorsInRegion - first);
        long lba = (long) region * sectorsInRegion + first;
        int kind = random.nextInt(10);
        int seq = completed[0];
        Consumer<FakeTcmuKernel.Completion> finish = c -> {
            busy.clear(region);
            if (c.cmdId() != 0 && completed[0] != seq) {
                order[1]++;
            }
            completed[0]++;
        };
        if (kind < 4) {
            byte[] data = new byte[count * 512];
            random.nextBytes(data);
            byte[] cdb = kind < 3 ? rw10(0x2A, lba, count) : rw16(0x8A, lba, count);
            return new Op(cdb, data, 0, c -> {
                expectGood(c, "WRITE lba " + lba, bad);
                System.arraycopy(data, 0, model, (int) lba * 512, data.length);
                finish.accept(c);
            });
        }
        if (kind < 8) {
            byte[] cdb = kind < 7 ? rw10(0x28, lba, count) : rw16(0x88, lba, count);
            return new Op(cdb, null, count * 512, c -> {
                expectGood(c, "READ lba " + lba, bad);
                byte[] want = Arrays.copyOfRange(model, (int) lba * 512, (int) (lba + count) * 512);
                if (!Arrays.equals(c.dataIn(), want)) {
                    bad.add("READ lba " + lba + " count " + count + ": data differs");
                }
                if (c.readLength() != count * 512) {
                    bad.add("READ lba " + lba + ": read_len " + c.readLength());
                }
                finish.accept(c);
            });
        }
        if (kind == 8) {
            return new Op(new byte[] {0x12, 0, 0, 0, 36, 0}, null, 36, c -> {
                expectGood(c, "INQUIRY", bad);
                String vendor = new String(c.dataIn(), 8, 24, StandardCharsets.US_ASCII);
                if (!vendor.equals("LIO-ORG TCMU device     ")) {
                    bad.add("INQUIRY vendor/product '" + vendor + "'");
                }
                finish.accept(c);
            });
        }
        byte[] vendorCdb = new byte[16];
        vendorCdb[0] = (byte) 0xC5;
        return new Op(vendorCdb, null, 0, c -> {
            if (c.status() != 0x02 || c.sense()[0] != 0x70 || c.sense()[2] != 0x05 || c.sense()[12] != 0x20) {
                bad.add("vendor opcode: status " + c.status() + " sense " + Arrays.toString(c.sense()));
            }
            finish.accept(c);
        });
    }

    private static void expectGood(FakeTcmuKernel.Completion c, String what, List<String> bad) {
        if (c.status() != 0) {
            bad.add(what + ": status " + c.status() + " sense " + Arrays.toString(Arrays.copyOf(c.sense(), 18)));
        }
    }

    private static byte[] rw10(int op, long lba, int count) {
        return new byte[] {(byte) op, 0, (byte) (lba >>> 24), (byte) (lba >>> 16), (byte) (lba >>> 8), (byte) lba,
            0, (byte) (count >>> 8), (byte) count, 0};
    }

    private static byte[] rw16(int op, long lba, int count) {
        byte[] c = new byte[16];
        c[0] = (byte) op;
        for (int i = 0; i < 8; i++) {
            c[2 + i] = (byte) (lba >>> (56 - 8 * i));
        }
        c[10] = (byte) (count >>> 24);
        c[11] = (byte) (count >>> 16);
        c[12] = (byte) (count >>> 8);
        c[13] = (byte) count;
        return c;
    }

    @Test
    @Timeout(60)
    void tmrEntriesInTheStreamDoNotDisturbCommands() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<FakeTcmuKernel.Completion> done = new ArrayList<>();
        try (FakeTcmuKernel k = new FakeTcmuKernel(dir.resolve("uio"), 4096 - 128, 256 << 10, 0xF, 9);
             NativeFile f = NativeFile.openReadWrite(k.path());
             RawFileDevice disk = RawFileDevice.create(dir.resolve("disk"), 1 << 20)) {
            UioDevice device = new UioDevice(0, TcmuDeviceName.parse("tcm-user/1/dev_1/" + CFG), k.userFd(),
                    MappedRegion.map(f.fd(), k.mapSize(), 0));
            DeviceWorker worker = new DeviceWorker(device, ScsiDevice.builder(disk).build(), pool).start();
            for (int i = 0; i < 200; i++) {
                while (!k.queue(new byte[] {0, 0, 0, 0, 0, 0}, null, 0, done::add)) {
                    k.reap(20);
                }
                if (i % 7 == 0) {
                    while (!k.queueTmr(5)) {
                        k.reap(20);
                    }
                }
            }
            while (done.size() < 200) {
                k.reap(20);
            }
            worker.stop(5000);
            device.close();
            assertThat(k.errors()).isEmpty();
            assertThat(done).allSatisfy(c -> assertThat(c.status()).isZero());
        } finally {
            pool.shutdownNow();
        }
    }
}
