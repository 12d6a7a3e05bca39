package io.obd4j.core.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.format.BlobUnwrapper;
import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.LsmtReader;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.image.Image;
import io.obd4j.core.image.LayerStack;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.testing.Fixtures;
import io.obd4j.nativeio.NativeFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ScsiDevice#executeIfCached}: a READ of bytes in the page cache completes on the calling thread with the same
 * response and data as {@link ScsiDevice#execute}; anything that would wait for the device, write, fail or meet a
 * reservation is left to a worker untouched.
 */
class CachedReadTest {
    private static final int BLOCK = 512;
    private static final long BLOCKS = 2048;

    @TempDir
    Path dir;

    @Test
    void cachedReadMatchesExecuteByteForByte() throws Exception {
        try (ScsiHarness h = ScsiHarness.create(dir, BLOCK, BLOCKS)) {
            byte[] data = ScsiHarness.pattern(64 * BLOCK, 5);
            assertThat(h.out(ScsiHarness.cdb10(0x2A, 0, 100, 64), data).good()).isTrue();
            for (byte[] cdb : new byte[][] {ScsiHarness.cdb10(0x28, 0, 100, 64), ScsiHarness.cdb16(0x88, 0, 100, 64),
                ScsiHarness.cdb12(0xA8, 0, 100, 64), ScsiHarness.cdb6(0x08, 100, 64)}) {
                for (int expected : new int[] {64 * BLOCK, 16 * BLOCK, 80 * BLOCK}) {
                    ScsiResponse viaWorker = new ScsiResponse();
                    ByteBuffer workerIn = ByteBuffer.allocateDirect(expected);
                    h.device.execute(new Cdb().wrap(ByteBuffer.wrap(cdb)), null, workerIn, viaWorker);

                    ScsiResponse onLoop = new ScsiResponse();
                    ByteBuffer loopIn = ByteBuffer.allocateDirect(expected);
                    assertThat(h.device.executeIfCached(new Cdb().wrap(ByteBuffer.wrap(cdb)), loopIn, onLoop,
                        ItNexus.LOCAL)).as("cached READ opcode 0x%02x", cdb[0]).isTrue();
                    assertThat(onLoop.toString()).isEqualTo(viaWorker.toString());
                    assertThat(onLoop.dataInLength()).isEqualTo(Math.min(expected, 64 * BLOCK));
                    assertThat(onLoop.residualCount()).isEqualTo(viaWorker.residualCount());
                    assertThat(onLoop.isOverflow()).isEqualTo(viaWorker.isOverflow());
                    assertThat(loopIn.position()).isZero();
                    assertThat(bytes(loopIn, onLoop.dataInLength())).isEqualTo(bytes(workerIn, onLoop.dataInLength()))
                        .isEqualTo(java.util.Arrays.copyOf(data, onLoop.dataInLength()));
                }
            }
        }
    }

    @Test
    void readsThatWouldWaitForTheDeviceGoToAWorker() throws Exception {
        try (ScsiHarness h = ScsiHarness.create(dir, BLOCK, BLOCKS)) {
            assertThat(h.out(ScsiHarness.cdb10(0x2A, 0, 0, 256), ScsiHarness.pattern(256 * BLOCK, 9)).good()).isTrue();
            // no probe read: a refused RWF_NOWAIT read starts readahead, which would bring the pages back
            Assumptions.assumeFalse(Files.getFileStore(h.file).type().equals("tmpfs"), "tmpfs keeps dropped pages");
            try (NativeFile f = NativeFile.openReadOnly(h.file)) {
                h.raw.flush();
                f.dropCache(0, 0);
            }
            ByteBuffer in = ByteBuffer.allocateDirect(256 * BLOCK);
            assertThat(h.device.executeIfCached(read10(0, 256), in, new ScsiResponse(), ItNexus.LOCAL)).isFalse();
            assertThat(h.device.execute(read10(0, 256), null, in, new ScsiResponse()).isGood()).isTrue();
            assertThat(h.device.executeIfCached(read10(0, 256), in.clear(), new ScsiResponse(), ItNexus.LOCAL))
                .as("the worker's read brought the pages in").isTrue();
        }
    }

    @Test
    void everythingButAGoodReadIsLeftToTheWorker() throws Exception {
        try (ScsiHarness h = ScsiHarness.create(dir, BLOCK, BLOCKS)) {
            ByteBuffer in = ByteBuffer.allocateDirect(8 * BLOCK);
            h.device.execute(read10(0, 8), null, in, new ScsiResponse());
            ScsiResponse rsp = new ScsiResponse();
            assertThat(h.device.executeIfCached(read10(0, 8), in.clear(), rsp, ItNexus.LOCAL)).isTrue();
            assertThat(h.device.executeIfCached(read10(BLOCKS - 4, 8), in.clear(), rsp, ItNexus.LOCAL))
                .as("LBA out of range: the worker reports it").isFalse();
            assertThat(h.device.executeIfCached(new Cdb().wrap(ByteBuffer.wrap(ScsiHarness.cdb10(0x28, 0x08, 0, 8))),
                in.clear(), rsp, ItNexus.LOCAL)).as("FUA: INVALID FIELD IN CDB from the worker").isFalse();
            assertThat(h.device.executeIfCached(new Cdb().wrap(ByteBuffer.wrap(ScsiHarness.cdb10(0x2A, 0, 0, 8))),
                in.clear(), rsp, ItNexus.LOCAL)).as("WRITE").isFalse();
            assertThat(h.device.executeIfCached(new Cdb().wrap(ByteBuffer.wrap(ScsiHarness.inquiry(false, 0, 36))),
                in.clear(), rsp, ItNexus.LOCAL)).as("INQUIRY").isFalse();
            assertThat(h.device.executeIfCached(read10(0, 8), ByteBuffer.allocate(8 * BLOCK), rsp, ItNexus.LOCAL))
                .as("heap buffer").isFalse();

            assertThat(h.none(new byte[] {0x16, 0, 0, 0, 0, 0}).good()).as("RESERVE(6)").isTrue();
            assertThat(h.device.executeIfCached(read10(0, 8), in.clear(), rsp, ItNexus.LOCAL))
                .as("a reservation in force: the worker checks it").isFalse();
        }
    }

    /** An image of an LSMT lower and a writable upper: cached READs give exactly what the worker's READs give. */
    @Test
    void cachedReadOfAnImageMatchesExecute() throws Exception {
        Path lower = Files.copy(Fixtures.layer("stack-l2.lsmt"), dir.resolve("l2.lsmt"));
        LayerStack stack = LayerStack.of(List.of(LsmtReader.open(BlobUnwrapper.unwrap(LocalFileSource.open(lower)),
                "l2")));
        RwLayer upper = RwLayer.create(dir.resolve("up.data"), dir.resolve("up.index"), LayerInfo.of(0));
        try (Image image = Image.open(stack, upper)) {
            ScsiDevice device = ScsiDevice.builder(image).blockSize(BLOCK).build();
            long blocks = image.size() / BLOCK;
            SplittableRandom rnd = new SplittableRandom(3);
            for (int i = 0; i < 20; i++) {
                int n = 1 + rnd.nextInt(64);
                long lba = rnd.nextLong(blocks - n);
                ScsiResponse rsp = device.execute(new Cdb().wrap(ByteBuffer.wrap(ScsiHarness.cdb16(0x8A, 0, lba, n))),
                        ByteBuffer.wrap(ScsiHarness.pattern(n * BLOCK, i)), null, new ScsiResponse());
                assertThat(rsp.isGood()).as("WRITE(16) at %d", lba).isTrue();
            }
            for (int i = 0; i < 200; i++) {
                int n = 1 + rnd.nextInt(256);
                long lba = rnd.nextLong(blocks - n);
                byte[] cdb = ScsiHarness.cdb16(0x88, 0, lba, n);
                ScsiResponse viaWorker = new ScsiResponse();
                ByteBuffer workerIn = ByteBuffer.allocateDirect(n * BLOCK);
                device.execute(new Cdb().wrap(ByteBuffer.wrap(cdb)), null, workerIn, viaWorker);
                ScsiResponse onLoop = new ScsiResponse();
                ByteBuffer loopIn = ByteBuffer.allocateDirect(n * BLOCK);
                assertThat(device.executeIfCached(new Cdb().wrap(ByteBuffer.wrap(cdb)), loopIn, onLoop,
                        ItNexus.LOCAL)).as("cached READ(16) at %d of %d blocks", lba, n).isTrue();
                assertThat(onLoop.toString()).isEqualTo(viaWorker.toString());
                assertThat(bytes(loopIn, n * BLOCK)).isEqualTo(bytes(workerIn, n * BLOCK));
            }
        }
    }

    private static Cdb read10(long lba, int blocks) {
        return new Cdb().wrap(ByteBuffer.wrap(ScsiHarness.cdb10(0x28, 0, lba, blocks)));
    }

    private static byte[] bytes(ByteBuffer buf, int length) {
        byte[] b = new byte[length];
        buf.duplicate().position(0).get(b);
        return b;
    }
}
